#include "screening/screening_index.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <iterator>
#include <string>
#include <vector>
#include <thread>

#include "names/name_normalizer.hpp"
#include "screening/hit_scorer.hpp"
#include "screening/ofac_importer.hpp"
#include "test_data.hpp"

namespace guomen::screening {
namespace {

WatchlistEntry Person(std::string id, std::string name, std::string dob = {}) {
  WatchlistEntry e;
  e.id = std::move(id);
  e.names.push_back({std::move(name), "", "", NameQuality::kPrimary});
  if (!dob.empty()) e.birth_dates.push_back(*ParseBirthDate(dob));
  return e;
}

Watchlist List(std::string id) {
  Watchlist l;
  l.id = std::move(id);
  l.action = ListAction::kDenyEntry;
  return l;
}

ScreeningQuery Q(std::string name) {
  ScreeningQuery q;
  q.name = std::move(name);
  return q;
}

TEST(ScreeningIndexTest, HitExplainsItself) {
  ScreeningQuery q = Q("Vladimir PUTIN");
  q.birth_date = *ParseBirthDate("1952-10-07");
  q.nationality = "RUS";
  const auto hits = testing::SampleIndex().Screen(q);
  ASSERT_FALSE(hits.empty());
  const ScreeningHit& h = hits[0];
  EXPECT_EQ(h.entry_id, "35096");
  EXPECT_EQ(h.list_id, "ofac");
  EXPECT_GE(h.score, h.name_score);
  EXPECT_LE(h.score, 1.0);
  bool name_part = false, dob = false, nationality = false;
  for (const auto& e : h.explanation) {
    name_part |= e.factor == Factor::kNamePart && e.rule == "exact";
    dob |= e.factor == Factor::kBirthDate && e.rule == "exact" && e.effect > 0;
    nationality |= e.factor == Factor::kNationality && e.effect > 0;
  }
  EXPECT_TRUE(name_part && dob && nationality);
}

// Each reading of a name competes for the candidates by the share of its
// own weight it matched. 拉夫罗夫 reads as Pinyin (la fu luo fu: LA is a
// particle, FU counts twice) and as a foreign name (lavrov: one part).
// Eighty names holding FU (and a family name of their own: two thirds of
// the Pinyin reading, no hit) must not crowd the name that matches the whole
// foreign reading out of the 64 candidates scored; they did while evidence
// was summed in absolute weights (FU twice outweighed LAVROV once).
TEST(ScreeningIndexTest, AOnePartReadingIsNotCrowdedOutByAManyPartOne) {
  std::vector<WatchlistEntry> entries;
  int n = 0;
  for (int f = 0; f < 40; ++f) {
    const std::string family =
        std::string("QQ") + static_cast<char>('A' + f % 26) + static_cast<char>('A' + f / 26) + "Z";
    entries.push_back(Person("C" + std::to_string(++n), family + ", FU"));
    entries.push_back(Person("C" + std::to_string(++n), family + "Y, FU"));
  }
  entries.push_back(Person("LAVROV", "LAVROV"));
  // Other names, so that FU is rare enough to weigh (as in a real list: it
  // is in a few dozen of OFAC's 38,000 names).
  for (int i = 0; i < 20000; ++i) {
    const std::string k = std::to_string(i);
    entries.push_back(Person("F" + k, "FILLER" + k + " OTHER" + k));
  }
  ScreeningIndex index;
  ASSERT_TRUE(index.PutList(List("l"), std::move(entries)).ok());
  const auto hits = index.Screen(Q("拉夫罗夫"));
  std::string got;
  for (const auto& h : hits) got += h.entry_id + " " + h.matched_name + " " + std::to_string(h.score) + "; ";
  ASSERT_EQ(hits.size(), 1u) << got;
  EXPECT_EQ(hits[0].entry_id, "LAVROV") << got;
}

TEST(ScreeningIndexTest, CrossScriptHitSaysTransliteration) {
  const auto hits = testing::SampleIndex().Screen(Q("Путин Владимир"));
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].entry_id, "35096");
  bool translit = false;
  for (const auto& e : hits[0].explanation)
    translit |= e.rule.find("transliteration") != std::string::npos;
  EXPECT_TRUE(translit);
}

TEST(ScreeningIndexTest, ConflictingFactsLowerTheScore) {
  ScreeningQuery same = Q("Vladimir Putin");
  ScreeningQuery other = same;
  other.birth_date = *ParseBirthDate("1990-01-01");
  other.gender = "F";
  const auto a = testing::SampleIndex().Screen(same);
  ScreeningOptions all;
  all.threshold = 0.0;
  const auto b = testing::SampleIndex().Screen(other, all);
  ASSERT_FALSE(a.empty());
  ASSERT_FALSE(b.empty());
  EXPECT_LT(b[0].score, a[0].score - 0.3);
}

// A date of birth with one part mistyped (the month; year and day agree) is
// neither evidence for nor against; both parts different is a conflict.
TEST(ScreeningIndexTest, MistypedBirthMonthIsNeutralNotAConflict) {
  ScreeningIndex index;
  ASSERT_TRUE(index.PutList(List("l"), {Person("1", "Saddam Hussein al-Tikriti", "1937-04-28")}).ok());
  ScreeningOptions all;
  all.threshold = 0.0;
  auto screen = [&](const char* dob) {
    ScreeningQuery q = Q("Saddam Hussein al-Tikriti");
    q.birth_date = *ParseBirthDate(dob);
    const auto hits = index.Screen(q, all);
    EXPECT_EQ(hits.size(), 1u);
    return hits.empty() ? ScreeningHit{} : hits[0];
  };
  const ScreeningHit month_off = screen("1937-05-28");
  const ScreeningHit conflict = screen("1937-10-05");
  EXPECT_DOUBLE_EQ(month_off.score, month_off.name_score);
  EXPECT_NEAR(conflict.score, conflict.name_score - 0.20, 1e-9);
  std::string rule;
  for (const auto& e : month_off.explanation) {
    if (e.factor == Factor::kBirthDate) rule = e.rule;
  }
  EXPECT_EQ(rule, "month_off");
  EXPECT_GE(month_off.score, 0.85);  // still a hit at the default threshold
}

// What a query part the listed name lacks costs depends on the rest: little
// when the query is a fuller form of the listed name, most when the listed
// name has a part of its own in its place (another person of the family).
TEST(ScreeningIndexTest, UnmatchedQueryPartsCostByWhatIsLeftOnTheList) {
  const TokenWeight unit = [](const names::NameToken&) { return 1.0; };
  auto score = [&](const char* query, const char* listed) {
    return ScoreName(names::NormalizeName(query), names::NormalizeName(listed), unit, false).score;
  };
  EXPECT_NEAR(score("Vladimir Vladimirovich Putin", "Vladimir Putin"), 2.0 / 2.3, 1e-9);
  EXPECT_NEAR(score("Ayman Sabawi Hasan Dulaimi", "Ayman Sabawi Hasan Tikriti"), 3.0 / 4.0, 1e-9);
  EXPECT_NEAR(score("Ayman Sabawi Hasan", "Ayman Sabawi Hasan Tikriti"), 3.0 / 3.2, 1e-9);
  // The index finds the fuller query's entry: the bound uses the lower cost.
  ScreeningIndex index;
  ASSERT_TRUE(index.PutList(List("l"), {Person("1", "Vladimir Putin")}).ok());
  const auto hits = index.Screen(Q("Vladimir Vladimirovich Putin"));
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].entry_id, "1");
}

// "Presidente Putin": a title and a rare listed name part is a hit; a common
// part with a title, the part without a title, or a title alone is not.
TEST(ScreeningIndexTest, TitleAndRareSurnameIsAHitCommonSurnameIsNot) {
  std::vector<WatchlistEntry> entries = {Person("s", "SECHIN, Igor Ivanovich")};
  const char* given[] = {"Pavel", "Oleg",  "Nikolai", "Boris", "Anatoly", "Yuri",
                         "Denis", "Ilya",  "Pyotr",   "Roman", "Gleb",    "Kirill"};
  for (size_t i = 0; i < std::size(given); ++i)
    entries.push_back(Person("i" + std::to_string(i), std::string("IVANOV, ") + given[i]));
  ScreeningIndex index;
  ASSERT_TRUE(index.PutList(List("l"), entries).ok());
  for (const char* query : {"Presidente Sechin", "Генерал Сечин", "Sechin elnök"}) {
    const auto hits = index.Screen(Q(query));
    ASSERT_EQ(hits.size(), 1u) << query;
    EXPECT_EQ(hits[0].entry_id, "s");
    EXPECT_LE(hits[0].score, 0.9);  // below a full name's score
    bool said = false;
    for (const auto& e : hits[0].explanation)
      said |= e.factor == Factor::kNameForm && e.rule == "title_and_surname" && e.effect > 0;
    EXPECT_TRUE(said) << query;
  }
  EXPECT_TRUE(index.Screen(Q("President Ivanov")).empty());  // twelve Ivanovs: no one in particular
  EXPECT_TRUE(index.Screen(Q("Sechin")).empty());            // no title: a surname alone
  EXPECT_TRUE(index.Screen(Q("President")).empty());         // a title alone
  EXPECT_TRUE(index.Screen(Q("King Sechin")).empty());       // king: also a surname, not an office
  EXPECT_TRUE(index.Screen(Q("President Orban")).empty());   // not listed
}

// The names' form: what aligning romanised parts alone does not see.
TEST(ScreeningIndexTest, NameFormChecksSeparateNamesThatRomaniseAlike) {
  const TokenWeight unit = [](const names::NameToken&) { return 1.0; };
  auto scored = [&](const char* query, const char* listed) {
    return ScoreName(names::NormalizeName(query), names::NormalizeName(listed), unit, true);
  };
  auto form_rule = [](const NameScore& s) {
    for (const auto& e : s.parts) {
      if (e.factor == Factor::kNameForm) return e.rule;
    }
    return std::string();
  };
  // Han and Hangul: other characters, same or nearly the same romanisation.
  const NameScore han = scored("习近朋", "习近平");
  EXPECT_LT(han.score, 0.85);
  EXPECT_EQ(form_rule(han), "written_characters");
  EXPECT_LT(scored("김종은", "김정은").score, 0.85);
  // Traditional and simplified characters are the same name.
  EXPECT_GE(scored("習近平", "习近平").score, 0.85);
  EXPECT_EQ(form_rule(scored("習近平", "习近平")), "");
  // Father and son.
  const NameScore nasab = scored("Salman bin Muhammad al-Rawi", "Muhammad bin Salman al-Rawi");
  EXPECT_LT(nasab.score, 0.85);
  EXPECT_EQ(form_rule(nasab), "father_son_swapped");
  EXPECT_GE(scored("Muhammad bin Salman al-Rawi", "Muhammad bin Salman al-Rawi").score, 0.99);
  // Other legal forms; Company and Corporation are one.
  const NameScore company = scored("Deutsche Bank AG", "Deutsche Bank GmbH");
  EXPECT_LT(company.score, 0.85);
  EXPECT_EQ(form_rule(company), "other_legal_form");
  EXPECT_GE(scored("Homs Refinery Corporation", "Homs Refinery Company").score, 0.85);
  EXPECT_EQ(form_rule(scored("Homs Refinery Corporation", "Homs Refinery Company")), "");
  // A digit between letters reads as its look-alike letter.
  EXPECT_GE(scored("Ig0r Sech1n", "Igor Sechin").score, 0.99);
}

// Names in scripts with more than one Latin form score by their best reading
// (names/readings.hpp), and the index searches those readings too.
TEST(ScreeningIndexTest, OtherReadingsOfNonLatinNames) {
  const TokenWeight unit = [](const names::NameToken&) { return 1.0; };
  auto score = [&](const char* query, const char* listed) {
    return ScoreName(names::NormalizeName(query), names::NormalizeName(listed), unit, false).score;
  };
  EXPECT_GE(score("金正恩", "Kim Jong Un"), 0.85);    // Korean reading of Han
  EXPECT_GE(score("山田太郎", "Yamada Taro"), 0.85);  // Japanese reading
  EXPECT_GE(score("田中花子", "Tanaka Hanako"), 0.85);
  EXPECT_GE(score("박지성", "Park Ji Sung"), 0.85);
  EXPECT_GE(score("عبد الله", "Abdullah"), 0.85);
  EXPECT_GE(score("דוד", "David"), 0.85);
  EXPECT_GE(score("สมชาย", "Somchai"), 0.85);           // vowel-poor rendering, consonants agree
  EXPECT_LT(score("山田太郎", "Tanaka Hanako"), 0.85);  // unrelated pairs
  EXPECT_LT(score("金正恩", "Park Ji Sung"), 0.85);
  EXPECT_LT(score("דוד", "Moshe"), 0.85);
  ScreeningIndex index;
  ASSERT_TRUE(index
                  .PutList(List("l"), {Person("1", "PUTIN, Vladimir Vladimirovich"),
                                       Person("2", "KIM, Jong Un"), Person("3", "PARK, Ji Sung")})
                  .ok());
  for (const char* query : {"블라디미르 블라디미로비치 푸틴", "ウラジーミル・プーチン",
                            "فلاديمير فلاديميروفيتش بوتين", "ولادیمیر پوٹن"}) {
    const auto hits = index.Screen(Q(query));
    ASSERT_FALSE(hits.empty()) << query;
    EXPECT_EQ(hits[0].entry_id, "1") << query;
    EXPECT_EQ(hits[0].query_name, query);  // the name as given, not the reading
  }
  const auto kim = index.Screen(Q("金正恩"));
  ASSERT_FALSE(kim.empty());
  EXPECT_EQ(kim[0].entry_id, "2");
  EXPECT_TRUE(index.Screen(Q("瑜 李")).empty());
}

TEST(ScreeningIndexTest, ThresholdTopAndListFilter) {
  ScreeningOptions o;
  o.threshold = 0.5;
  o.top = 2;
  EXPECT_LE(testing::SampleIndex().Screen(Q("Kim Kwang"), o).size(), 2u);
  o.lists = {"un"};
  for (const auto& h : testing::SampleIndex().Screen(Q("Kim Kwang Il"), o))
    EXPECT_EQ(h.list_id, "un");
  EXPECT_TRUE(testing::SampleIndex().Screen(Q("")).empty());
  EXPECT_TRUE(testing::SampleIndex().Screen(Q(" - , ")).empty());
}

TEST(ScreeningIndexTest, EntitiesOnlyWhenAsked) {
  ScreeningOptions o;
  EXPECT_TRUE(testing::SampleIndex().Screen(Q("Banco Nacional de Cuba"), o).empty());
  o.include_entities = true;
  const auto hits = testing::SampleIndex().Screen(Q("Banco Nacional de Cuba"), o);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].entry_id, "306");
  EXPECT_EQ(hits[0].entry_type, EntryType::kEntity);
}

TEST(ScreeningIndexTest, PutListReturnsTheDiffAndReplacesInPlace) {
  ScreeningIndex index;
  auto first =
      index.PutList(List("l"), {Person("1", "Anna Schmidt"), Person("2", "Boris Kuznetsov")});
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->added.size(), 2u);
  auto again =
      index.PutList(List("l"), {Person("1", "Anna Schmidt"), Person("2", "Boris Kuznetsov")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto next =
      index.PutList(List("l"), {Person("1", "Anna Schmidt", "1970"), Person("3", "Chen Jie")});
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->added, std::vector<std::string>{"3"});
  EXPECT_EQ(next->changed, std::vector<std::string>{"1"});
  EXPECT_EQ(next->removed, std::vector<std::string>{"2"});
  EXPECT_TRUE(index.Screen(Q("Boris Kuznetsov")).empty());
  EXPECT_FALSE(index.Screen(Q("Chen Jie")).empty());
  EXPECT_EQ(index.Stats().entries, 2u);
  EXPECT_FALSE(index.PutList(List("l"), {Person("1", "A"), Person("1", "B")}).ok());
  EXPECT_FALSE(index.PutList(List(""), {}).ok());
}

TEST(ScreeningIndexTest, UpdateListSubsetAndRemove) {
  ScreeningIndex index;
  ASSERT_TRUE(
      index.PutList(List("l"), {Person("1", "Anna Schmidt"), Person("2", "Boris Kuznetsov")}).ok());
  auto d = index.UpdateList("l", {Person("3", "Chen Jie"), Person("1", "Anna Schmitt")}, {"2"});
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->added, std::vector<std::string>{"3"});
  EXPECT_EQ(d->changed, std::vector<std::string>{"1"});
  EXPECT_EQ(d->removed, std::vector<std::string>{"2"});
  EXPECT_FALSE(index.UpdateList("nope", {}, {}).ok());
  auto subset = index.Subset("l", {"3"});
  ASSERT_TRUE(subset.ok());
  EXPECT_FALSE((*subset)->Screen(Q("Chen Jie")).empty());
  EXPECT_TRUE((*subset)->Screen(Q("Anna Schmitt")).empty());
  EXPECT_TRUE(index.RemoveList("l"));
  EXPECT_FALSE(index.RemoveList("l"));
  EXPECT_TRUE(index.Screen(Q("Chen Jie")).empty());
}

TEST(ScreeningIndexTest, DocumentNumberFindsTheEntryWhateverTheName) {
  ScreeningQuery q = Q("Completely Different");
  q.document_number = "g 2385-1362";
  const auto hits = testing::SampleIndex().Screen(q);
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].entry_id, "16318");
  EXPECT_GE(hits[0].score, 0.95);
}

TEST(ScreeningIndexTest, BatchEqualsSingleAndQueriesRunDuringUpdates) {
  ScreeningIndex index;
  const std::string sdn = testing::ReadData("ofac_sdn_sample.csv");
  auto r = ImportOfac({sdn, testing::ReadData("ofac_alt_sample.csv"), ""});
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(index.PutList(List("ofac"), r->entries).ok());
  std::vector<ScreeningQuery> queries{Q("Vladimir Putin"), Q("Zhang Lei"), Q("Nobody Here"),
                                      Q("Kim Yong Chol")};
  const auto batch = index.ScreenBatch(queries, {}, 2);
  ASSERT_EQ(batch.size(), queries.size());
  for (size_t i = 0; i < queries.size(); ++i) {
    const auto single = index.Screen(queries[i]);
    ASSERT_EQ(batch[i].size(), single.size()) << i;
    for (size_t k = 0; k < single.size(); ++k) EXPECT_EQ(batch[i][k].entry_id, single[k].entry_id);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> missing{0};
  std::thread reader([&] {
    while (!stop) {
      const auto hits = index.Screen(Q("Vladimir Putin"));
      if (hits.empty() || hits[0].entry_id != "35096") ++missing;
    }
  });
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(index.PutList(List("ofac"), r->entries).ok());
  stop = true;
  reader.join();
  EXPECT_EQ(missing, 0);
}

}  // namespace
}  // namespace guomen::screening
