#include "names/transliterator.hpp"

#include <gtest/gtest.h>
#include <unicode/translit.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <memory>

#include <string>
#include <thread>
#include <vector>

#include "names/script.hpp"

namespace guomen::names {
namespace {

std::string Latin(std::string_view s) { return Transliterator::Instance().ToLatin(s); }

TEST(TransliteratorTest, ScriptsOfAsiaEuropeAndTheMiddleEast) {
  ASSERT_TRUE(Transliterator::Instance().Available());
  EXPECT_EQ(Latin("张三丰"), "zhang san feng");  // Han-Latin/Names
  EXPECT_EQ(Latin("Владимир Путин"), "vladimir putin");
  EXPECT_EQ(Latin("Πούτιν"), "poutin");
  EXPECT_EQ(Latin("بوتين"), "bwtyn");
  EXPECT_EQ(Latin("김정은"), "gim jeong-eun");  // surname apart; ICU marks the syllable break
  EXPECT_EQ(Latin("ปูติน"), "pu tin");
  EXPECT_EQ(Latin("이민호"), "i minho");
  EXPECT_EQ(Latin("Zhang 张三"), "zhang zhang san");  // mixed Latin and Han
  EXPECT_EQ(Latin("Şekim Öcalan"), "sekim ocalan");
  EXPECT_EQ(Latin("Łódź Straße"), "lodz strasse");
}

TEST(TransliteratorTest, KhmerAndLaoThroughOwnTables) {
  EXPECT_EQ(Latin("ពូទីន"), "putin");
  EXPECT_EQ(Latin("ປູຕິນ"), "putin");
  EXPECT_EQ(Latin("ເລ"), "le");  // prepositive vowel moved behind its consonant
}

// Burmese: one name part per syllable, in the conventional romanisation that
// Myanmar passports carry (ICU reads letter by letter and keeps one word).
TEST(TransliteratorTest, MyanmarSyllablesAsPassportsWriteThem) {
  EXPECT_EQ(Latin("အောင်ဆန်းစုကြည်"), "aung san su kyi");
  EXPECT_EQ(Latin("မင်းအောင်လှိုင်"), "min aung hlaing");
  EXPECT_EQ(Latin("သိန်းစိန်"), "thein sein");
  EXPECT_EQ(Latin("သန်းရွှေ"), "than shwe");        // ha-hto stored after wa
  EXPECT_EQ(Latin("ခင်ညွန့်"), "khin nyunt");       // creaky nasal: final t
  EXPECT_EQ(Latin("ဦးသန့်"), "u thant");            // independent vowel, no inherent a
  EXPECT_EQ(Latin("ကျော်ဇော်ဝင်း"), "kyaw zaw win");
  EXPECT_EQ(Latin("ဖြိုးမြင့်"), "phyo myint");
  EXPECT_EQ(Latin("ထွန်းထွန်းဦး"), "htun htun oo");  // ဦး after a name part: OO
  EXPECT_EQ(Latin("နေပြည်တော်"), "ne pyi taw");
  EXPECT_EQ(Latin("ဒေါ်မြ"), "daw mya");           // inherent vowel
  EXPECT_EQ(Latin("မောင် Tun"), "maung tun");       // mixed scripts
  EXPECT_EQ(Latin("စင်္ကာပူ"), "sin ka pu");          // kinzi: a final stacked over the next syllable
  EXPECT_EQ(Latin("ပုဂ္ဂိုလ်"), "pok go");            // a final stacked by the virama
  EXPECT_EQ(Latin("ါ"), "");                          // a stray sign alone: nothing
}

// Military ranks before a name are read as the English title of office (one
// low-weight part), not as name parts the listed name lacks.
TEST(TransliteratorTest, MyanmarMilitaryRanksBeforeANameAreTitles) {
  EXPECT_EQ(Latin("ဗိုလ်ချုပ်မှူးကြီးမင်းအောင်လှိုင်"), "general min aung hlaing");  // Senior General
  EXPECT_EQ(Latin("ဗိုလ်ချုပ်မှူးကြီး မင်းအောင်လှိုင်"), "general min aung hlaing");
  EXPECT_EQ(Latin("ဒုတိယဗိုလ်ချုပ်ကြီးမြင့်ဆွေ"), "general myint swe");  // Lieutenant General
  EXPECT_EQ(Latin("ဗိုလ်ချုပ်အောင်ဆန်း"), "general aung san");           // Bogyoke
  EXPECT_EQ(Latin("ဗိုလ်မှူးကြီးသန်းရွှေ"), "colonel than shwe");
  EXPECT_EQ(Latin("ဗိုလ်ချုပ်ဦးသန့်"), "general u thant");  // U after a rank is still the honorific
  EXPECT_EQ(Latin("ဗိုလ်မှူးအောင်ဆန်း"), "officer aung san");         // Major
  EXPECT_EQ(Latin("ရဲမှူးကြီးသန်းရွှေ"), "colonel than shwe");          // Police Colonel
  EXPECT_EQ(Latin("ရဲမှူး သန်းရွှေ"), "police than shwe");             // Police Major
  EXPECT_EQ(Latin("ရဲချုပ်မြင့်ဆွေ"), "police myint swe");             // Chief of Police
  EXPECT_EQ(Latin("ရဲမှူးချုပ်မြင့်ဆွေ"), "general myint swe");         // Police Brigadier General
  // A name starting with the syllable ရဲ (YE) is read as a name.
  EXPECT_EQ(Latin("ရဲထွဋ်"), "ye htut");
  // Not before a name: read as written.
  EXPECT_EQ(Latin("ဗိုလ်ချုပ်").find("general"), std::string::npos);
  EXPECT_EQ(Latin("မင်းအောင်လှိုင် ဗိုလ်ချုပ်").find("general"), std::string::npos);
}

// Cyrillic by ICAO 9303 (ICU's ISO 9 reading folds х, ж, ю, я to h, z, u, a).
TEST(TransliteratorTest, CyrillicByIcao9303) {
  EXPECT_EQ(Latin("Евтюхова Елена"), "evtiukhova elena");
  EXPECT_EQ(Latin("Хашеми Жуков Щукин"), "khashemi zhukov shchukin");
  EXPECT_EQ(Latin("ВЛАДИ́МИР Влади́мирович"), "vladimir vladimirovich");  // accents dropped
  // Ukrainian (і ї є ґ): Г is H, И is Y. Belarusian (ў, і): Г is H.
  EXPECT_EQ(Latin("Путін Володимир Григорович"), "putin volodymyr hryhorovych");
  EXPECT_EQ(Latin("Уладзімір Пуцін"), "uladzimir putsin");
  // Serbian and Macedonian names in their own Latin alphabet (Gaj), folded.
  EXPECT_EQ(Latin("Александар Вучић"), "aleksandar vucic");
}

TEST(TransliteratorTest, GreekByElot743WithModernDigraphs) {
  EXPECT_EQ(Latin("Βλαντίμιρ Πούτιν"), "vlandimir poutin");
  EXPECT_EQ(Latin("Ντίνος Μπούσης"), "dinos bousis");  // ντ, μπ at the start: D, B
  EXPECT_EQ(Latin("Αλέξανδρος Χριστοδουλίδης"), "alexandros christodoulidis");
}

TEST(TransliteratorTest, IndicWordsEndWithoutTheInherentVowel) {
  EXPECT_EQ(Latin("पुटिन"), "putin");       // Devanagari
  EXPECT_EQ(Latin("পুতিন"), "putin");       // Bengali
  EXPECT_EQ(Latin("व्लादिमीर"), "vladimir");
  EXPECT_EQ(Latin("राम"), "ram");
}

TEST(TransliteratorTest, AsciiFastPathLowerCases) {
  EXPECT_EQ(Latin("O'Brien-SMITH"), "o'brien-smith");
}

TEST(TransliteratorTest, InvalidUtf8IsDroppedNotFatal) {
  EXPECT_EQ(Latin(std::string("ab\xff\xfe"
                              "c")),
            "abc");
}

// Latin words are folded from a table ICU fills at start, not by ICU per
// call: for every code point of the table's ranges, in a word with letters of
// both cases either side and alone, the result is what ICU's Latin chain gives.
TEST(TransliteratorTest, LatinFoldTableGivesWhatIcuGives) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> icu_latin(icu::Transliterator::createInstance(
      icu::UnicodeString::fromUTF8("NFKC; Latin-ASCII; Any-Lower; NFKC"), UTRANS_FORWARD, status));
  ASSERT_TRUE(U_SUCCESS(status));
  auto reference = [&](const std::string& word) {
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(word);
    icu_latin->transliterate(text);
    std::string raw;
    text.toUTF8String(raw);
    std::string out;  // ToLatin collapses runs of spaces and trims the end
    for (char c : raw) {
      if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
      out.push_back(c);
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
  };
  int checked = 0;
  for (const auto& [first, last] : {std::pair{0x00A0, 0x024F}, std::pair{0x1E00, 0x1EFF},
                                    std::pair{0x2010, 0x205E}}) {
    for (UChar32 c = first; c <= last; ++c) {
      if (!u_isdefined(c)) continue;
      std::string ch;
      icu::UnicodeString(c).toUTF8String(ch);
      for (const std::string& word : {ch, "Ab" + ch + "Cd", "AB" + ch + "CD", ch + "x" + ch}) {
        ASSERT_EQ(Latin(word), reference(word)) << "U+" << std::hex << c;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 2000);
  EXPECT_EQ(Latin("José ÁLVAREZ Nguyễn Đức"), "jose alvarez nguyen duc");
  EXPECT_EQ(Latin("Jose\xcc\x81 Ma\xcc\x88ller"), "jose maller");  // decomposed: through ICU
}

TEST(TransliteratorTest, ConcurrentUseGivesTheSameResult) {
  std::vector<std::thread> threads;
  std::vector<std::string> out(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&out, t] {
      for (int i = 0; i < 50; ++i) out[static_cast<size_t>(t)] = Latin("Путин Владимир");
    });
  }
  for (auto& th : threads) th.join();
  for (const auto& s : out) EXPECT_EQ(s, "putin vladimir");
}

TEST(ScriptTest, DetectsTheMainScript) {
  EXPECT_EQ(DetectScript("Vladimir Putin"), Script::kLatin);
  EXPECT_EQ(DetectScript("Путин, В. В."), Script::kCyrillic);
  EXPECT_EQ(DetectScript("弗拉基米尔·普京"), Script::kHan);
  EXPECT_EQ(DetectScript("ウラジーミル・プーチン"), Script::kKana);
  EXPECT_EQ(DetectScript("山田たろう"), Script::kKana);
  EXPECT_EQ(DetectScript("فلاديمير بوتين"), Script::kArabic);
  EXPECT_EQ(DetectScript("123 --"), Script::kUnknown);
  EXPECT_EQ(ScriptName(Script::kKhmer), "khmer");
}

}  // namespace
}  // namespace guomen::names
