#include <gtest/gtest.h>

#include <algorithm>

#include "screening/ftm_importer.hpp"
#include "screening/guomen_csv_importer.hpp"
#include "screening/ofac_importer.hpp"
#include "screening/un_importer.hpp"
#include "test_data.hpp"

namespace guomen::screening {
namespace {

const WatchlistEntry* Find(const ImportResult& r, std::string_view id) {
  for (const auto& e : r.entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

TEST(OfacImporterTest, RealSdnRecords) {
  const std::string sdn = testing::ReadData("ofac_sdn_sample.csv");
  const std::string alt = testing::ReadData("ofac_alt_sample.csv");
  const std::string comments = testing::ReadData("ofac_comments_sample.csv");
  auto r = ImportOfac({sdn, alt, comments});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->entries.size(), 50u);
  const WatchlistEntry* putin = Find(*r, "35096");
  ASSERT_NE(putin, nullptr);
  EXPECT_EQ(putin->type, EntryType::kPerson);
  EXPECT_EQ(putin->names[0].family, "PUTIN");
  EXPECT_EQ(putin->names[0].given, "Vladimir Vladimirovich");
  ASSERT_EQ(putin->birth_dates.size(), 1u);
  EXPECT_EQ(putin->birth_dates[0].ToString(), "1952-10-07");
  EXPECT_EQ(putin->nationalities, (std::vector<std::string>{"RU", "RU"}));
  EXPECT_EQ(putin->gender, "M");
  EXPECT_EQ(putin->places_of_birth, std::vector<std::string>{"Leningrad, Russia"});
  ASSERT_EQ(putin->names.size(), 2u);  // + alt.csv "PUTIN, Vladimir"
  EXPECT_EQ(putin->names[1].quality, NameQuality::kStrongAlias);
  EXPECT_NE(putin->reason.find("RUSSIA-EO14024"), std::string::npos);

  const WatchlistEntry* zhang = Find(*r, "16318");
  ASSERT_NE(zhang, nullptr);
  ASSERT_FALSE(zhang->documents.empty());
  EXPECT_EQ(zhang->documents[0].type, "passport");
  EXPECT_EQ(zhang->documents[0].number, "G23851362");
  EXPECT_EQ(zhang->documents[0].issuing_state, "CN");

  const WatchlistEntry* range = Find(*r, "15496");  // "DOB 1929 to 1930"
  ASSERT_NE(range, nullptr);
  EXPECT_EQ(range->birth_dates[0].ToString(), "1929..1930");
  const WatchlistEntry* circa = Find(*r, "7782");  // "DOB circa 1951"
  ASSERT_NE(circa, nullptr);
  EXPECT_TRUE(circa->birth_dates[0].approximate);
  const WatchlistEntry* cedula = Find(*r, "4107");
  ASSERT_NE(cedula, nullptr);
  EXPECT_TRUE(std::any_of(
      cedula->documents.begin(), cedula->documents.end(),
      [](const IdentityDocument& d) { return d.number == "6068015" && d.issuing_state == "CO"; }));
  const WatchlistEntry* bank = Find(*r, "306");  // entity with a weak a.k.a. in remarks
  ASSERT_NE(bank, nullptr);
  EXPECT_EQ(bank->type, EntryType::kEntity);
  EXPECT_TRUE(std::any_of(bank->names.begin(), bank->names.end(), [](const EntryName& n) {
    return n.full == "BNC" && n.quality == NameQuality::kWeakAlias;
  }));
  const WatchlistEntry* tian = Find(*r, "28263");  // remarks continued in sdn_comments.csv
  ASSERT_NE(tian, nullptr);
  EXPECT_EQ(tian->gender, "M");
}

TEST(OfacImporterTest, BadRowsFailWithTheLineOrAreSkippedOnRequest) {
  const std::string sdn =
      "1,\"GOOD, Person\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB 1960\"\r\n"
      "2,\"SHORT ROW\",\"individual\"\r\n"
      "x3,\"BAD ID\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n"
      "4,\"ODD, Date\",\"individual\",\"X\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,\"DOB "
      "sometime\"\r\n";
  auto strict = ImportOfac({sdn, "", ""});
  ASSERT_FALSE(strict.ok());
  EXPECT_NE(strict.error().message.find("line 2"), std::string::npos) << strict.error().message;
  EXPECT_NE(strict.error().message.find("12 columns"), std::string::npos);
  ImportOptions keep;
  keep.keep_good_records = true;
  auto lenient = ImportOfac({sdn, "9,1,\"aka\",\"NOBODY\",-0- \r\n", ""}, keep);
  ASSERT_TRUE(lenient.ok());
  EXPECT_EQ(lenient->entries.size(), 2u);
  int skipped = 0;
  bool dob_issue = false;
  for (const auto& i : lenient->issues) {
    skipped += i.record_skipped ? 1 : 0;
    dob_issue = dob_issue || (i.where.find("ent_num 4") != std::string::npos && !i.record_skipped);
  }
  EXPECT_EQ(skipped, 3);  // short row, bad id, alias of an unknown ent_num
  EXPECT_TRUE(dob_issue);
}

TEST(UnImporterTest, RealConsolidatedRecords) {
  auto r = ImportUnConsolidated(testing::ReadData("un_sample.xml"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->version, "2026-02-27T00:00:09.554Z");
  EXPECT_EQ(r->entries.size(), 12u);
  const WatchlistEntry* saddam = Find(*r, "6908048");
  ASSERT_NE(saddam, nullptr);
  EXPECT_EQ(saddam->names[0].full, "SADDAM HUSSEIN AL-TIKRITI");
  EXPECT_EQ(saddam->names[1].full, "صدام حسين التكريتي");
  EXPECT_EQ(saddam->birth_dates[0].ToString(), "1937-04-28");
  EXPECT_EQ(saddam->nationalities, std::vector<std::string>{"IQ"});
  const WatchlistEntry* qusay = Find(*r, "6908049");
  ASSERT_NE(qusay, nullptr);
  EXPECT_EQ(qusay->birth_dates.size(), 2u);
  const WatchlistEntry* njabu = Find(*r, "6908012");
  ASSERT_NE(njabu, nullptr);
  ASSERT_EQ(njabu->documents.size(), 1u);
  EXPECT_EQ(njabu->documents[0].type, "passport");
  EXPECT_EQ(njabu->documents[0].issuing_state, "CD");
  EXPECT_EQ(njabu->source_ref.substr(0, 3), "CDi");
  size_t entities = 0;
  for (const auto& e : r->entries) entities += e.type == EntryType::kEntity ? 1 : 0;
  EXPECT_EQ(entities, 1u);
}

TEST(UnImporterTest, Errors) {
  auto wrong_root = ImportUnConsolidated("<LIST/>");
  ASSERT_FALSE(wrong_root.ok());
  EXPECT_NE(wrong_root.error().message.find("CONSOLIDATED_LIST"), std::string::npos);
  auto broken = ImportUnConsolidated("<CONSOLIDATED_LIST>\n<INDIVIDUALS>\n</CONSOLIDATED_LIST>");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().field, "line 3");
  auto no_id = ImportUnConsolidated(
      "<CONSOLIDATED_LIST><INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL>"
      "</INDIVIDUALS></CONSOLIDATED_LIST>");
  ASSERT_FALSE(no_id.ok());
  EXPECT_NE(no_id.error().message.find("DATAID"), std::string::npos);
  EXPECT_NE(no_id.error().message.find("line 2"), std::string::npos);
}

TEST(FtmImporterTest, RealOpenSanctionsEntities) {
  auto r = ImportFtm(testing::ReadData("eu_fsf_sample.ftm.jsonl"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  size_t persons = 0;
  for (const auto& e : r->entries) persons += e.type == EntryType::kPerson ? 1 : 0;
  EXPECT_EQ(persons, 4u);
  EXPECT_EQ(r->entries.size(), 6u);  // + 2 organisations; the address is not an entry
  const WatchlistEntry* k = Find(*r, "NK-2Ka3UvopqbpZmVDFjWd4LA");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->birth_dates[0].ToString(), "1971-01-22");
  EXPECT_EQ(k->nationalities, std::vector<std::string>{"RU"});
  EXPECT_GE(k->names.size(), 3u);
}

TEST(FtmImporterTest, ErrorsNameTheLine) {
  auto bad = ImportFtm(
      "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A B\"]}}\n{oops\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "line 2");
  ImportOptions keep;
  keep.keep_good_records = true;
  auto kept = ImportFtm(
      "{\"id\":\"a\",\"schema\":\"Person\",\"properties\":{\"name\":[\"A B\"]}}\n{oops\n"
      "[1]\n{\"id\":\"b\",\"schema\":\"Person\",\"properties\":{}}\n",
      keep);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->entries.size(), 1u);
  EXPECT_EQ(kept->issues.size(), 3u);
}

TEST(GuomenCsvImporterTest, NationalSample) {
  auto r = ImportGuomenCsv(testing::ReadData("national_sample.csv"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->entries.size(), 6u);
  const WatchlistEntry& z = r->entries[0];
  EXPECT_EQ(z.names.size(), 4u);
  EXPECT_EQ(z.names[3].quality, NameQuality::kWeakAlias);
  EXPECT_EQ(z.nationalities, std::vector<std::string>{"CN"});
  ASSERT_TRUE(z.action.has_value());
  EXPECT_EQ(*z.action, ListAction::kDenyEntry);
  EXPECT_EQ(z.documents[0].number, "E12345678");
  EXPECT_EQ(r->entries[2].birth_dates[0].ToString(), "1969..1971");
  EXPECT_TRUE(r->entries[3].birth_dates[0].approximate);
}

TEST(GuomenCsvImporterTest, ErrorsNameLineAndColumn) {
  struct Bad {
    const char* csv;
    const char* expect;
  };
  for (const Bad& b : {
           Bad{"id,name,colour\n", "unknown column 'colour'"},
           Bad{"name\nX\n", "no 'id' column"},
           Bad{"id,name\n1,A\n1,B\n", "line 3: column id: duplicate id 1"},
           Bad{"id,name,gender\n1,A,X\n", "line 2: column gender"},
           Bad{"id,name,birth_dates\n1,A,someday\n", "line 2: column birth_dates"},
           Bad{"id,name,documents\n1,A,passport\n", "line 2: column documents"},
           Bad{"id,name,action\n1,A,shoot\n", "line 2: column action"},
           Bad{"id,name\n1\n", "line 2: expected 2 fields"},
       }) {
    auto r = ImportGuomenCsv(b.csv);
    ASSERT_FALSE(r.ok()) << b.csv;
    EXPECT_NE(r.error().message.find(b.expect), std::string::npos) << r.error().message;
  }
}

}  // namespace
}  // namespace guomen::screening
