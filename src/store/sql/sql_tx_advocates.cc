// SqlTx: advocates (enrolments, with their attributes and tags) and the people they match on.

#include <algorithm>
#include <map>
#include <set>

#include "domain/validation.h"
#include "store/sql/query_helpers.h"
#include "store/sql/referral_summary.h"
#include "store/sql/sql_tx.h"

namespace bb::store::sql {

namespace {

using domain::Advocate;
using domain::AttributeValue;

constexpr std::string_view kAdvocateColumns =
    "a.id, a.program_id, a.code, a.source, a.enrolled_by, a.status, a.created_at, a.updated_at, p.id, a.email, "
    "p.email_normalized, a.first_name, a.last_name, a.company, p.created_at";

Advocate ReadAdvocate(const Statement& s) {
  Advocate a;
  a.id = s.Text(0);
  a.program_id = s.Text(1);
  a.code = s.Text(2);
  a.source = domain::ParseAdvocateSource(s.Text(3)).value_or(domain::AdvocateSource::kStaff);
  a.enrolled_by = s.Text(4);
  a.status = domain::ParseAdvocateStatus(s.Text(5)).value_or(domain::AdvocateStatus::kActive);
  a.created_at = FromMicros(s.Int(6));
  a.updated_at = FromMicros(s.Int(7));
  a.person.id = s.Text(8);
  a.email = s.Text(9);
  a.person.email_normalized = s.Text(10);
  a.first_name = s.Text(11);
  a.last_name = s.Text(12);
  a.company = s.Text(13);
  a.person.created_at = FromMicros(s.Int(14));
  return a;
}

// Refuses, before anything is written, details whose keys would collide (a tag twice: the
// advocate's invariant is sorted and unique; attribute names are a map's keys), so that writing
// them afterwards cannot be refused halfway and needs no savepoint.
Status CheckAdvocateDetails(const Advocate& a) {
  std::vector<std::string> tags = a.tags;
  std::ranges::sort(tags);
  if (std::ranges::adjacent_find(tags) != tags.end()) {
    return Error::Invalid({{"tags", "lists a tag twice"}});
  }
  return Ok();
}

// An advocate's lower-cased texts in SQLite's search index (migration 24), as SQLite's lower() has
// them (ASCII only).
struct SearchTexts {
  std::int64_t id = 0;
  std::string name;
  std::string email;
  std::string company;
  bool operator==(const SearchTexts&) const = default;
};

}  // namespace

Result<std::optional<domain::Person>> SqlTx::FindPersonByEmail(std::string_view email_normalized) {
  static const std::string sql = "SELECT id, email_normalized, created_at FROM people WHERE email_normalized = ?";
  return QueryOne<domain::Person>(
      db_, sql, [&](Statement& s) { s.Bind(email_normalized); },
      [](const Statement& s) {
        return domain::Person{s.Text(0), s.Text(1), FromMicros(s.Int(2))};
      });
}

Status SqlTx::LoadAdvocateDetails(std::vector<Advocate>& advocates) {
  if (advocates.empty()) return Ok();
  std::map<std::string, Advocate*> by_id;
  std::string placeholders;
  for (auto& a : advocates) {
    by_id[a.id] = &a;
    placeholders += placeholders.empty() ? "?" : ",?";
  }
  {
    BB_ASSIGN_OR_RETURN(Statement s, db_.PrepareOnce("SELECT advocate_id, name, kind, value FROM advocate_attributes "
                                                     "WHERE advocate_id IN (" +
                                                     placeholders + ")"));
    for (auto& a : advocates) s.Bind(a.id);
    while (true) {
      BB_ASSIGN_OR_RETURN(bool row, s.Step());
      if (!row) break;
      by_id[s.Text(0)]->attributes[s.Text(1)] = AttributeValue{ParseAttributeKind(s.Text(2)), s.Text(3)};
    }
  }
  BB_ASSIGN_OR_RETURN(Statement s, db_.PrepareOnce("SELECT advocate_id, tag FROM advocate_tags WHERE advocate_id IN (" +
                                                   placeholders + ") ORDER BY advocate_id, tag"));
  for (auto& a : advocates) s.Bind(a.id);
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    by_id[s.Text(0)]->tags.push_back(s.Text(1));
  }
  return Ok();
}

Result<std::optional<Advocate>> SqlTx::FindAdvocate(std::string_view id) {
  static const std::string sql =
      Sql("SELECT ", kAdvocateColumns, " FROM advocates a JOIN people p ON p.id = a.person_id WHERE a.id = ?");
  BB_ASSIGN_OR_RETURN(auto found, QueryOne<Advocate>(
                                      db_, sql, [&](Statement& s) { s.Bind(id); }, ReadAdvocate));
  if (!found) return found;
  std::vector<Advocate> one{std::move(*found)};
  BB_RETURN_IF_ERROR(LoadAdvocateDetails(one));
  return std::optional<Advocate>(std::move(one.front()));
}

Result<std::optional<Advocate>> SqlTx::FindAdvocateByPerson(std::string_view program_id, std::string_view person_id) {
  static const std::string sql = Sql("SELECT ", kAdvocateColumns,
                                     " FROM advocates a JOIN people p ON p.id = a.person_id WHERE a.program_id = ? "
                                     "AND a.person_id = ?");
  BB_ASSIGN_OR_RETURN(auto found,
                      QueryOne<Advocate>(
                          db_, sql, [&](Statement& s) { s.Bind(program_id).Bind(person_id); }, ReadAdvocate));
  if (!found) return found;
  std::vector<Advocate> one{std::move(*found)};
  BB_RETURN_IF_ERROR(LoadAdvocateDetails(one));
  return std::optional<Advocate>(std::move(one.front()));
}

namespace {

// Advocate search (ListAdvocates) through the search index (SQLite's FTS5 trigram index,
// PostgreSQL's pg_trgm indexes; migrations 24 and 13): the advocates the index finds (a superset of
// those whose name, email or company holds the text), or whose code it is, narrowed by the search's
// own test, so that the results are those of a scan. One parameter (the candidates' ids: a JSON
// array for SQLite, an array for PostgreSQL), then the code.
constexpr std::string_view kSqliteCandidates =
    " AND a.id IN (SELECT value FROM json_each(?) UNION SELECT id FROM advocates WHERE code = ?)";
constexpr std::string_view kPostgresCandidates =
    " AND a.id IN (SELECT unnest(CAST(? AS text[])) UNION SELECT id FROM advocates WHERE code = ?)";
// Above this many index matches (all programs) the text is common, and reading the program's
// advocates newest first fills a page sooner than sorting every match.
constexpr int kMostIndexedCandidates = 2000;

// The FTS5 query every advocate holding `text` matches: each of its trigrams (the index keeps no
// positions), each quoted.
std::string TrigramQuery(std::string_view text) {
  std::vector<std::size_t> starts;  // the byte where each character starts
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(text.size());
  std::string query;
  for (std::size_t i = 0; i + 3 < starts.size(); ++i) {
    if (i > 0) query += " AND ";
    query += '"';
    for (char c : text.substr(starts[i], starts[i + 3] - starts[i]))
      query += c == '"' ? std::string("\"\"") : std::string(1, c);
    query += '"';
  }
  return query;
}

// The LIKE pattern that matches `text` as a substring.
std::string LikePattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + "%";
}

// The ids of the advocates (of every program) the index finds for `search`, as the list the
// candidates' parameter takes; nullopt when the scan answers: for a text that is not UTF-8 (the
// index holds characters, the scan compares bytes), shorter than three characters (a trigram index
// finds nothing shorter), or that the index finds more than kMostIndexedCandidates advocates for.
Result<std::optional<std::string>> IndexedCandidates(Connection& db, std::string_view search) {
  if (!domain::IsStorableUtf8(search) || domain::CodePointCount(search) < 3) return std::optional<std::string>();
  bool postgres = db.dialect() == Dialect::kPostgres;
  static const std::string postgres_sql =
      "SELECT id FROM advocates WHERE lower(first_name || ' ' || last_name) LIKE ? ESCAPE '\\' UNION ALL SELECT id "
      "FROM advocates WHERE lower(company) LIKE ? ESCAPE '\\' UNION ALL SELECT x.id FROM advocates x JOIN people y "
      "ON y.id = x.person_id WHERE y.email_normalized LIKE ? ESCAPE '\\' LIMIT ?";
  static const std::string sqlite_sql =
      "SELECT t.advocate_id FROM advocate_search s JOIN advocate_search_text t ON t.id = s.rowid WHERE "
      "advocate_search MATCH ? LIMIT ?";
  BB_ASSIGN_OR_RETURN(Statement s, db.Prepare(postgres ? postgres_sql : sqlite_sql));
  if (postgres) {
    std::string pattern = LikePattern(search);
    s.Bind(pattern).Bind(pattern).Bind(pattern);
  } else {
    s.Bind(TrigramQuery(search));
  }
  s.Bind(kMostIndexedCandidates + 1);
  std::set<std::string> ids;
  int rows = 0;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    if (++rows > kMostIndexedCandidates) return std::optional<std::string>();
    ids.insert(s.Text(0));
  }
  // Ids are letters, digits and '_': nothing to escape in either list.
  std::string list = postgres ? "{" : "[";
  for (const auto& id : ids) list += (list.size() > 1 ? ",\"" : "\"") + id + "\"";
  list += postgres ? "}" : "]";
  return std::optional<std::string>(std::move(list));
}

}  // namespace

Result<std::vector<Advocate>> SqlTx::ListAdvocates(const AdvocateQuery& query) {
  std::string sql =
      Sql("SELECT ", kAdvocateColumns, " FROM advocates a JOIN people p ON p.id = a.person_id WHERE a.program_id = ?");
  if (!query.before_id.empty()) sql += " AND a.id < ?";
  if (!query.search.empty()) BB_RETURN_IF_ERROR(FlushSearchIndex());  // this transaction's own advocates too
  BB_ASSIGN_OR_RETURN(auto indexed, IndexedCandidates(db_, query.search));
  if (indexed) sql += db_.dialect() == Dialect::kPostgres ? kPostgresCandidates : kSqliteCandidates;
  if (!query.search.empty()) {
    sql +=
        " AND (instr(lower(a.first_name || ' ' || a.last_name), ?) > 0 OR instr(p.email_normalized, ?) > 0 OR "
        "instr(lower(a.company), ?) > 0 OR a.code = ?)";
  }
  if (query.source) sql += " AND a.source = ?";
  if (query.status) sql += " AND a.status = ?";
  if (query.created_from) sql += " AND a.created_at >= ?";
  if (query.created_before) sql += " AND a.created_at < ?";
  if (query.enrolled_by) sql += " AND a.enrolled_by = ?";
  for (std::size_t i = 0; i < query.attributes.size(); ++i) {
    sql +=
        " AND EXISTS (SELECT 1 FROM advocate_attributes x WHERE x.advocate_id = a.id AND x.name = ? AND x.value = ?)";
  }
  for (std::size_t i = 0; i < query.tags.size(); ++i) {
    sql += " AND EXISTS (SELECT 1 FROM advocate_tags t WHERE t.advocate_id = a.id AND t.tag = ?)";
  }
  sql += " ORDER BY a.id DESC LIMIT ?";
  BB_ASSIGN_OR_RETURN(Statement s, db_.PrepareOnce(sql));
  s.Bind(query.program_id);
  if (!query.before_id.empty()) s.Bind(query.before_id);
  // Upper-cased here, ASCII only, as SQLite's upper() does: PostgreSQL's would follow the database's
  // locale, where a non-ASCII letter may turn into an ASCII one ('ı' into 'I').
  std::string code_search = query.search;
  std::ranges::transform(code_search, code_search.begin(),
                         [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; });
  if (indexed) s.Bind(*indexed).Bind(code_search);
  if (!query.search.empty()) s.Bind(query.search).Bind(query.search).Bind(query.search).Bind(code_search);
  if (query.source) s.Bind(domain::ToString(*query.source));
  if (query.status) s.Bind(domain::ToString(*query.status));
  if (query.created_from) s.Bind(ToMicros(*query.created_from));
  if (query.created_before) s.Bind(ToMicros(*query.created_before));
  if (query.enrolled_by) s.Bind(*query.enrolled_by);
  for (const auto& [key, value] : query.attributes) s.Bind(key).Bind(value);
  for (const auto& tag : query.tags) s.Bind(tag);
  s.Bind(query.limit);
  std::vector<Advocate> out;
  while (true) {
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (!row) break;
    out.push_back(ReadAdvocate(s));
  }
  BB_RETURN_IF_ERROR(LoadAdvocateDetails(out));
  return out;
}

Status SqlTx::InsertPerson(const domain::Person& p) {
  static const std::string sql = "INSERT INTO people (id, email_normalized, created_at) VALUES (?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(p.id).Bind(p.email_normalized).Bind(ToMicros(p.created_at));
  return RunUnique(s, "email");
}

// The details of a new advocate, or of one whose details were just deleted, after
// CheckAdvocateDetails: keys of their own, so nothing here can be refused.
Status SqlTx::WriteAdvocateDetails(const Advocate& a) {
  {
    static const std::string sql = "INSERT INTO advocate_attributes (advocate_id, name, kind, value) VALUES (?,?,?,?)";
    for (const auto& [key, value] : a.attributes) {
      BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
      s.Bind(a.id).Bind(key).Bind(AttributeKindName(value.kind)).Bind(value.text);
      BB_RETURN_IF_ERROR(s.Run());
    }
  }
  static const std::string sql = "INSERT INTO advocate_tags (advocate_id, tag) VALUES (?,?)";
  for (const auto& tag : a.tags) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(a.id).Bind(tag);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return Ok();
}

Status SqlTx::InsertAdvocate(const Advocate& a) {
  static const std::string sql =
      "INSERT INTO advocates (id, program_id, person_id, code, source, enrolled_by, status, created_at, updated_at, "
      "email, first_name, last_name, company, activity_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
  s.Bind(a.id).Bind(a.program_id).Bind(a.person.id).Bind(a.code).Bind(domain::ToString(a.source)).Bind(a.enrolled_by);
  s.Bind(domain::ToString(a.status)).Bind(ToMicros(a.created_at)).Bind(ToMicros(a.updated_at));
  s.Bind(a.email).Bind(a.first_name).Bind(a.last_name).Bind(a.company);
  s.Bind(ToMicros(std::max(a.created_at, a.updated_at)));
  // Only the advocate row can be refused (a taken code or person): its checked details belong to
  // a new id. A refused statement leaves a SQLite transaction as it was, so SQLite needs no
  // savepoint here (one per row is a large share of an import's time); a PostgreSQL one aborts the
  // transaction unless it ran in one.
  BB_RETURN_IF_ERROR(CheckAdvocateDetails(a));
  Status inserted = db_.dialect() == Dialect::kPostgres ? Atomically([&] { return s.Run(); }) : s.Run();
  if (!inserted.ok()) {
    if (inserted.error().code() != ErrorCode::kConflict) return inserted;
    std::string column = UniqueViolationColumn(inserted.error());
    std::string field = column == "code" ? "code" : "person";  // the other key is (program_id, person_id)
    return Error(ErrorCode::kConflict, "A uniqueness key is taken.", {{field, "is already taken"}});
  }
  BB_RETURN_IF_ERROR(ApplyEnrolment(db_, a.program_id, a.created_at, domain::ToString(a.status), +1));
  BB_RETURN_IF_ERROR(IndexForSearch(a, true));
  return WriteAdvocateDetails(a);
}

Status SqlTx::UpdateAdvocate(const Advocate& a) {
  // Once the details are checked no statement here can be refused (no key changes; the details
  // are written afresh): only a storage failure stops them, and that abandons the transaction.
  BB_RETURN_IF_ERROR(CheckAdvocateDetails(a));
  {
    // The advocates counted by status (store/sql/referral_summary.h) move when the status does.
    static const std::string sql = "SELECT program_id, created_at, status FROM advocates WHERE id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(a.id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    std::string status(domain::ToString(a.status));
    if (row && s.Text(2) != status) {
      std::string program_id = s.Text(0);
      Timestamp created_at = FromMicros(s.Int(1));
      std::string was = s.Text(2);
      BB_RETURN_IF_ERROR(ApplyEnrolment(db_, program_id, created_at, was, -1));
      BB_RETURN_IF_ERROR(ApplyEnrolment(db_, program_id, created_at, status, +1));
    }
  }
  {
    static const std::string sql =
        "UPDATE advocates SET first_name = ?, last_name = ?, company = ?, status = ?, updated_at = ?, "
        "activity_at = CASE WHEN activity_at < ? THEN ? ELSE activity_at END WHERE id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(a.first_name).Bind(a.last_name).Bind(a.company).Bind(domain::ToString(a.status));
    s.Bind(ToMicros(a.updated_at)).Bind(ToMicros(a.updated_at)).Bind(ToMicros(a.updated_at)).Bind(a.id);
    BB_RETURN_IF_ERROR(s.Run());
  }
  BB_RETURN_IF_ERROR(IndexForSearch(a, false));
  for (const char* sql :
       {"DELETE FROM advocate_attributes WHERE advocate_id = ?", "DELETE FROM advocate_tags WHERE advocate_id = ?"}) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(a.id);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return WriteAdvocateDetails(a);
}

Status SqlTx::IndexForSearch(const Advocate& a, bool is_new) {
  if (db_.dialect() != Dialect::kSqlite) return Ok();
  SearchTexts now{0, domain::LowerAscii(a.first_name + " " + a.last_name), "", domain::LowerAscii(a.company)};
  std::optional<SearchTexts> was;
  if (!is_new) {
    static const std::string sql = "SELECT id, name, email, company FROM advocate_search_text WHERE advocate_id = ?";
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(sql));
    s.Bind(a.id);
    BB_ASSIGN_OR_RETURN(bool row, s.Step());
    if (row) was = SearchTexts{s.Int(0), s.Text(1), s.Text(2), s.Text(3)};
  }
  if (was) {
    now.id = was->id;
    now.email = was->email;  // a person's email never changes
    if (now == *was) return Ok();
    static const std::string update = "UPDATE advocate_search_text SET name = ?, company = ? WHERE id = ?";
    BB_ASSIGN_OR_RETURN(Statement u, db_.Prepare(update));
    u.Bind(now.name).Bind(now.company).Bind(now.id);
    BB_RETURN_IF_ERROR(u.Run());
    pending_search_.push_back({true, was->id, was->name, was->email, was->company});
  } else {
    now.email = a.person.email_normalized;
    static const std::string insert =
        "INSERT INTO advocate_search_text (advocate_id, name, email, company) VALUES (?, ?, ?, ?) RETURNING id";
    BB_ASSIGN_OR_RETURN(Statement i, db_.Prepare(insert));
    i.Bind(a.id).Bind(now.name).Bind(now.email).Bind(now.company);
    BB_ASSIGN_OR_RETURN(bool row, i.Step());
    if (!row) return Error::Internal("advocate search: no id for the new text row");
    now.id = i.Int(0);
  }
  pending_search_.push_back({false, now.id, std::move(now.name), std::move(now.email), std::move(now.company)});
  return Ok();
}

Status SqlTx::FlushSearchIndex() {
  static const std::string add = "INSERT INTO advocate_search (rowid, name, email, company) VALUES (?, ?, ?, ?)";
  static const std::string forget =
      "INSERT INTO advocate_search (advocate_search, rowid, name, email, company) VALUES ('delete', ?, ?, ?, ?)";
  std::vector<SearchIndexWrite> writes = std::move(pending_search_);
  pending_search_.clear();
  for (const auto& w : writes) {
    BB_ASSIGN_OR_RETURN(Statement s, db_.Prepare(w.forget ? forget : add));
    s.Bind(w.id).Bind(w.name).Bind(w.email).Bind(w.company);
    BB_RETURN_IF_ERROR(s.Run());
  }
  return Ok();
}

}  // namespace bb::store::sql
