// Spellings of one name part under other languages' and romanisation
// systems' rules: Hungarian (Vlagyimir Putyin, -ics), Dutch (Poetin,
// -itsj), German (Wladimir, -witsch), Polish (Władimir, -wicz), and the
// Cyrillic romanisations side by side (ICAO 9303 EVTIUKHOVA, BGN/PCGN
// YEVTYUKHOVA, ISO 9 via ICU EVTUHOVA).
//
// SpellingSkeleton(token) folds those differences into one comparison key
// (not a spelling to show): GY -> D, TY -> T, DZ -> D, OE/OU/OO -> U,
// EE -> I (Arabic long i: HABEEB, HABIB),
// CH/TCH/TSCH/TSJ/CZ/CS -> one sound, SH/SCH/SHCH/SJ -> one, ZH, DZH/J -> one,
// KH -> H, PH -> F, W -> V, BH -> V (Bengali, Hindi), Q/C -> K, X -> KS, Y/J glides -> I, then
// IE/IU/IA/IO
// -> E/U/A/O (the glide of YE/IE/JE ...) and doubled letters once.
// SameSpelling(a, b): tokens of 2 letters or more with equal skeletons
// (kho ~ ho; iu ~ yu: the skeleton of a glide and a vowel is the vowel).
//
// Patronymics (-OVICH and its spellings -OVYCH, -OVICS, -OWITSCH, -OWICZ,
// -OVITCH, -AVICH ...; -OVNA, -IVNA): SplitPatronymic gives the father's
// name and the suffix; two patronymics match when the fathers' names do
// (volodymyrovych ~ vladimirovich: VOLODYMYR and VLADIMIR are variants).
//
// Tokens are lower-case ASCII (after transliteration). Pure, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace guomen::names {

std::string SpellingSkeleton(std::string_view token);

bool SameSpelling(std::string_view a, std::string_view b);

struct Patronymic {
  std::string_view father;  // the given name it is formed from
  bool female = false;      // -ovna / -ivna
};

// The father's name in a patronymic (at least 3 letters before the suffix).
std::optional<Patronymic> SplitPatronymic(std::string_view token);

}  // namespace guomen::names
