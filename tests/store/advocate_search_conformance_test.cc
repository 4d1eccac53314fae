// Advocate search through the search index (SQLite's FTS5 trigram index, PostgreSQL's pg_trgm
// indexes; store/sql/sql_tx_advocates.cc) on every backend: for any text, the advocates listed are
// exactly those a scan finds (a substring of the lower-cased name, of the email or of the
// lower-cased company, or the code), newest first, whether the index or the scan answers.

#include <algorithm>
#include <random>

#include "conformance.h"
#include "domain/validation.h"

namespace bb::store::conformance {
namespace {

// SQLite's lower(): ASCII letters only.
std::string AsciiLower(std::string text) {
  for (char& c : text) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}
std::string AsciiUpper(std::string text) {
  for (char& c : text) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return text;
}

class AdvocateSearchConformanceTest : public ConformanceTest {
 protected:
  // One program's advocates with names, emails and companies that test the index's edges (upper
  // and lower case, non-ASCII letters, quotes, LIKE's pattern characters, a backslash, words across
  // the name's space), and another program's with the same names.
  void SetUp() override {
    ConformanceTest::SetUp();
    if (IsSkipped()) return;
    program_ = MakeProgram("search");
    other_ = MakeProgram("elsewhere");
    const std::vector<std::array<std::string, 3>> names = {{"Grace", "Hopper", "US Navy"},
                                                           {"Alan", "Turing", "Bletchley Park"},
                                                           {"Ada", "Lovelace", "Analytical Engines"},
                                                           {"Émile", "Zola", "ÉCOLE Normale"},
                                                           {"Zoë", "O\"Brien", "Say \"Hi\" Ltd"},
                                                           {"Per", "Cent", "100% Pure_Co"},
                                                           {"Back", "Slash", "A\\B Corp"},
                                                           {"Hopper", "Grace", "Navy Yard"},
                                                           {"Ángel", "Ñúñez", "Señor Software"},
                                                           {"Li", "Wei", "李 Holdings"}};
    std::mt19937_64 random(24);
    int minute = 0;
    for (const auto* program : {&program_, &other_}) {
      std::vector<domain::Advocate> advocates;
      for (int copy = 0; copy < 4; ++copy) {
        for (const auto& [first, last, company] : names) {
          ++minute;
          std::string email =
              "p" + std::to_string(minute) + "@" + (random() % 2 == 0 ? "navy.example" : "engines.example");
          domain::Person p = MakePerson(email.substr(0, email.find('@')), kT0 + std::chrono::minutes(minute));
          p.email_normalized = email;
          domain::Advocate a = MakeAdvocate(*program, p, kT0 + std::chrono::minutes(minute));
          a.first_name = first;
          a.last_name = last;
          a.email = email;
          a.company = company;
          advocates.push_back(a);
        }
      }
      ASSERT_OK(InsertProgramWithAdvocates(*program, advocates));
      for (auto& a : advocates) all_.push_back(a);
    }
    // One advocate renamed: the index follows.
    all_[0].first_name = "Grete";
    all_[0].company = "Renamed Inc";
    ASSERT_OK(Write([&](Tx& tx) { return tx.UpdateAdvocate(all_[0]); }));
  }

  // The ids a scan finds for `search` in the search program, newest first.
  std::vector<std::string> Scan(const std::string& search) const {
    std::vector<std::string> out;
    for (const auto& a : all_) {
      if (a.program_id != program_.id) continue;
      bool found = AsciiLower(a.first_name + " " + a.last_name).find(search) != std::string::npos ||
                   a.person.email_normalized.find(search) != std::string::npos ||
                   AsciiLower(a.company).find(search) != std::string::npos || a.code == AsciiUpper(search);
      if (found) out.push_back(a.id);
    }
    std::sort(out.rbegin(), out.rend());
    return out;
  }

  std::vector<std::string> Found(const std::string& search) {
    AdvocateQuery query;
    query.program_id = program_.id;
    query.search = search;
    query.limit = 1000;
    std::vector<std::string> ids;
    for (const auto& a : Get([&](Queries& q) { return q.ListAdvocates(query); })) ids.push_back(a.id);
    return ids;
  }

  domain::Program program_;
  domain::Program other_;
  std::vector<domain::Advocate> all_;
};

TEST_P(AdvocateSearchConformanceTest, TheIndexFindsWhatAScanFinds) {
  std::vector<std::string> searches = {"hopper",   "grace hopper",   "race h", "navy",   "navy.example", "@engines",
                                       "émile",    "Émile",          "École",  "ÉCOLE",  "école",        "zoë",
                                       "o\"brien", "\"hi\"",         "100%",   "% p",    "pure_co",      "e_c",
                                       "a\\b",     "\\b c",          "ñúñez",  "李 hol", "grete",        "renamed",
                                       "us navy",  "nothing at all", "ana",    "ng ",    " tu"};
  // Every substring of three to five bytes of a few names and companies that is UTF-8 (a search
  // reaches the store only as UTF-8: the API refuses anything else).
  for (std::string text : {std::string("grace hopper"), std::string("bletchley park"), std::string("señor software")}) {
    for (std::size_t length = 3; length <= 5; ++length) {
      for (std::size_t i = 0; i + length <= text.size(); ++i) {
        if (domain::IsStorableUtf8(text.substr(i, length))) searches.push_back(text.substr(i, length));
      }
    }
  }
  std::string code = all_[5].code;
  searches.push_back(AsciiLower(code));
  searches.push_back(code);
  for (const auto& search : searches) EXPECT_EQ(Found(search), Scan(search)) << "search '" << search << "'";
}

TEST_P(AdvocateSearchConformanceTest, ACommonTextFindsTheSameThroughTheScan) {
  // More index matches than the index path takes: the scan answers, with the same results.
  std::vector<domain::Advocate> many;
  for (int i = 0; i < 2100; ++i) {
    domain::Person p =
        MakePerson("common" + std::to_string(i), kT0 + std::chrono::hours(100) + std::chrono::seconds(i));
    domain::Advocate a = MakeAdvocate(i % 2 == 0 ? program_ : other_, p, p.created_at);
    a.company = "Commonwealth Bank";
    many.push_back(a);
  }
  ASSERT_OK(Write([&](Tx& tx) -> Status {
    for (const auto& a : many) {
      BB_RETURN_IF_ERROR(tx.InsertPerson(a.person));
      BB_RETURN_IF_ERROR(tx.InsertAdvocate(a));
    }
    return Ok();
  }));
  for (auto& a : many) all_.push_back(a);
  for (const std::string search : {"commonwealth", "common", "wealth bank", "hopper"}) {
    std::vector<std::string> expected = Scan(search);
    if (expected.size() > 1000) expected.resize(1000);
    EXPECT_EQ(Found(search), expected) << "search '" << search << "'";
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AdvocateSearchConformanceTest, ::testing::ValuesIn(Backends()), BackendName);

}  // namespace
}  // namespace bb::store::conformance
