#include "domain/import.h"

#include <algorithm>
#include <array>
#include <set>
#include <utility>

#include "domain/validation.h"

namespace bb::domain {
namespace {

struct FieldNames {
  std::string_view field;
  std::array<std::string_view, 6> synonyms;  // normalised headers that mean the field ("" = none)
};

constexpr std::array<FieldNames, 7> kAdvocateFields{{
    {"email", {"e_mail", "email_address", "e_mail_address", "mail", "", ""}},
    {"first_name", {"firstname", "given_name", "first", "forename", "", ""}},
    {"last_name", {"lastname", "surname", "family_name", "last", "", ""}},
    {"company", {"company_name", "organization", "organisation", "account", "account_name", ""}},
    {"tags", {"tag", "labels", "", "", "", ""}},
    {"source", {"", "", "", "", "", ""}},
    {"sales_rep", {"sales_rep_email", "rep", "owner", "owner_email", "account_owner", ""}},
}};
// A referral's fields: the advocate who referred (by email or code) and the referee (email and
// names: the person referred).
constexpr std::array<FieldNames, 16> kReferralFields{{
    {"advocate_email", {"advocate", "referrer", "referrer_email", "referred_by", "advocate_e_mail", ""}},
    {"code", {"referral_code", "advocate_code", "", "", "", ""}},
    {"email", {"referee_email", "e_mail", "email_address", "referred_email", "contact_email", ""}},
    {"first_name", {"firstname", "given_name", "first", "referee_first_name", "", ""}},
    {"last_name", {"lastname", "surname", "family_name", "last", "referee_last_name", ""}},
    {"company", {"company_name", "organization", "organisation", "account", "account_name", ""}},
    {"title", {"job_title", "position", "", "", "", ""}},
    {"phone", {"phone_number", "telephone", "mobile", "", "", ""}},
    {"product", {"", "", "", "", "", ""}},
    {"channel", {"", "", "", "", "", ""}},
    {"note", {"notes", "comment", "comments", "", "", ""}},
    {"stage", {"status", "referral_stage", "", "", "", ""}},
    {"deal_value", {"amount", "deal_amount", "value", "deal_size", "", ""}},
    {"external_id", {"crm_id", "deal_id", "opportunity_id", "lead_id", "", ""}},
    {"submitted_at", {"created_at", "referred_at", "date", "referral_date", "submitted", ""}},
    {"closed_at", {"close_date", "closed_date", "won_at", "closed", "", ""}},
}};
constexpr std::string_view kAttributePrefix = "attributes.";

const FieldNames* FieldsOf(ImportKind kind, std::size_t& count) {
  if (kind == ImportKind::kReferrals) {
    count = kReferralFields.size();
    return kReferralFields.data();
  }
  count = kAdvocateFields.size();
  return kAdvocateFields.data();
}

// Header text in the form fields are compared in: trimmed, ASCII lower case, spaces and hyphens
// as underscores.
std::string NormalizeHeader(std::string_view header) {
  std::string out;
  for (char c : Trim(header)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-') c = '_';
    out += c;
  }
  return out;
}

// The field of an import of `kind` a header names by itself, or "" when none.
std::string FieldOfHeader(ImportKind kind, std::string_view header) {
  std::string normalized = NormalizeHeader(header);
  if (kind == ImportKind::kAdvocates) {
    for (std::string_view prefix : {std::string_view("attributes."), std::string_view("attribute."),
                                    std::string_view("attributes_"), std::string_view("attribute_")}) {
      if (normalized.starts_with(prefix) && normalized.size() > prefix.size()) {
        return std::string(kAttributePrefix) + normalized.substr(prefix.size());
      }
    }
  }
  std::size_t count = 0;
  const FieldNames* fields = FieldsOf(kind, count);
  for (std::size_t i = 0; i < count; ++i) {
    if (normalized == fields[i].field) return std::string(fields[i].field);
  }
  for (std::size_t i = 0; i < count; ++i) {
    for (std::string_view synonym : fields[i].synonyms) {
      if (!synonym.empty() && normalized == synonym) return std::string(fields[i].field);
    }
  }
  return {};
}

bool IsKnownField(ImportKind kind, std::string_view field) {
  if (kind == ImportKind::kAdvocates && field.starts_with(kAttributePrefix)) {
    return field.size() > kAttributePrefix.size();
  }
  std::size_t count = 0;
  const FieldNames* fields = FieldsOf(kind, count);
  return std::any_of(fields, fields + count, [&](const FieldNames& names) { return names.field == field; });
}

bool IsNumberText(std::string_view text) {
  // A JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  std::size_t i = 0;
  auto digits = [&] {
    std::size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    return i > start;
  };
  if (i < text.size() && text[i] == '-') ++i;
  if (i < text.size() && text[i] == '0') {
    ++i;
  } else if (!digits()) {
    return false;
  }
  if (i < text.size() && text[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == text.size() && text.size() <= 40;
}

AttributeValue AttributeFromCell(std::string_view value) {
  if (value == "true" || value == "false") return {AttributeValue::Kind::kBool, std::string(value)};
  if (IsNumberText(value)) return {AttributeValue::Kind::kNumber, std::string(value)};
  return {AttributeValue::Kind::kString, std::string(value)};
}

std::vector<std::string> SplitTags(std::string_view cell) {
  std::vector<std::string> tags;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= cell.size(); ++i) {
    if (i == cell.size() || cell[i] == ',' || cell[i] == ';' || cell[i] == '|') {
      std::string_view tag = Trim(cell.substr(start, i - start));
      if (!tag.empty()) tags.emplace_back(tag);
      start = i + 1;
    }
  }
  return tags;
}

// The domain field a FieldError names, as the import's field ("tags[2]" is "tags", "referee.email"
// is "email").
std::string ImportFieldOf(std::string_view error_field) {
  constexpr std::string_view kReferee = "referee.";  // a submission's referee fields are a referral row's
  if (error_field.starts_with(kReferee)) error_field.remove_prefix(kReferee.size());
  if (auto bracket = error_field.find('['); bracket != std::string_view::npos)
    error_field.remove_suffix(error_field.size() - bracket);
  return std::string(error_field);
}

}  // namespace

std::string_view ToString(ImportKind kind) {
  switch (kind) {
    case ImportKind::kAdvocates: return "advocates";
    case ImportKind::kReferrals: return "referrals";
  }
  return "advocates";
}

std::optional<ImportKind> ParseImportKind(std::string_view text) {
  if (text == "advocates") return ImportKind::kAdvocates;
  if (text == "referrals") return ImportKind::kReferrals;
  return std::nullopt;
}

std::string_view ToString(ImportStatus status) {
  switch (status) {
    case ImportStatus::kRunning: return "running";
    case ImportStatus::kCompleted: return "completed";
    case ImportStatus::kFailed: return "failed";
    case ImportStatus::kInterrupted: return "interrupted";
  }
  return "running";
}

std::optional<ImportStatus> ParseImportStatus(std::string_view text) {
  if (text == "running") return ImportStatus::kRunning;
  if (text == "completed") return ImportStatus::kCompleted;
  if (text == "failed") return ImportStatus::kFailed;
  if (text == "interrupted") return ImportStatus::kInterrupted;
  return std::nullopt;
}

void Import::AddError(ImportIssue issue) {
  if (errors.size() >= kMaxListedErrors) {
    errors_truncated = true;
    return;
  }
  errors.push_back(std::move(issue));
}

void Import::AddBatch(const std::vector<ImportRowOutcome>& outcomes, const std::vector<ImportIssue>& refusals) {
  for (ImportRowOutcome outcome : outcomes) {
    switch (outcome) {
      case ImportRowOutcome::kCreated: ++created; break;
      case ImportRowOutcome::kUpdated: ++updated; break;
      case ImportRowOutcome::kUnchanged: ++unchanged; break;
      case ImportRowOutcome::kRefused: ++refused; break;
    }
  }
  for (const auto& refusal : refusals) AddError(refusal);
  rows_done += static_cast<std::int64_t>(outcomes.size());
}

std::optional<std::size_t> ImportColumns::Find(std::string_view field) const {
  auto it = field_index.find(field);
  if (it == field_index.end()) return std::nullopt;
  return it->second;
}

std::string ImportColumns::HeaderOf(std::string_view field) const {
  auto index = Find(field);
  return index ? headers[*index] : std::string();
}

Result<ImportColumns> MapImportColumns(ImportKind kind, const std::vector<std::string>& header,
                                       const std::map<std::string, std::string, std::less<>>& mapping,
                                       std::vector<ImportIssue>& warnings) {
  ImportColumns columns;
  columns.headers = header;
  std::vector<FieldError> errors;
  std::set<std::size_t> mapped_columns;
  for (const auto& [field, wanted] : mapping) {
    if (!IsKnownField(kind, field)) {
      errors.push_back({"map." + field, "is not a field an import of " + std::string(ToString(kind)) + " knows"});
      continue;
    }
    auto at = std::find(header.begin(), header.end(), wanted);
    if (at == header.end()) {
      errors.push_back({"map." + field, "names the column '" + wanted + "', which the header row does not have"});
      continue;
    }
    auto index = static_cast<std::size_t>(at - header.begin());
    columns.field_index[field] = index;
    mapped_columns.insert(index);
  }
  bool unnamed_reported = false;
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < header.size(); ++i) {
    bool first = seen.insert(header[i]).second;
    if (mapped_columns.contains(i)) continue;
    if (header[i].empty()) {  // spreadsheets export the empty columns right of the data like this
      if (!unnamed_reported) warnings.push_back({1, "", "columns without a header are not imported"});
      unnamed_reported = true;
      continue;
    }
    if (!first) {
      errors.push_back({header[i], "appears twice in the header row"});
      continue;
    }
    std::string field = FieldOfHeader(kind, header[i]);
    if (field.empty() || mapping.contains(field)) {
      warnings.push_back({1, header[i],
                          field.empty()
                              ? std::string("is not imported: it names no field (name it after one, such as ") +
                                    (kind == ImportKind::kReferrals ? "'stage' or 'deal_value'"
                                                                    : "'first_name' or 'attributes.plan'") +
                                    ", or map it with map.<field>=<header>)"
                              : "is not imported: map." + field + " names another column"});
      continue;
    }
    auto [it, inserted] = columns.field_index.emplace(field, i);
    if (!inserted) {
      errors.push_back({header[i], "holds " + field + ", as the column '" + header[it->second] +
                                       "' does already: keep one, or map one with map." + field + "=<header>"});
    }
  }
  if (!columns.Find("email")) {
    errors.push_back({"email", kind == ImportKind::kReferrals
                                   ? "no column holds the referee's email address: name one 'email' (or "
                                     "'referee_email') or map it with map.email=<header>"
                                   : "no column holds the email address: name one 'email' or map it with "
                                     "map.email=<header>"});
  }
  if (kind == ImportKind::kReferrals && !columns.Find("first_name")) {
    errors.push_back({"first_name",
                      "no column holds the referee's first name, which every referral needs: name one "
                      "'first_name' or map it with map.first_name=<header>"});
  }
  if (kind == ImportKind::kReferrals && !columns.Find("advocate_email") && !columns.Find("code")) {
    errors.push_back({"advocate_email",
                      "no column names the advocate who referred: name one 'advocate_email' (their address) or "
                      "'code' (their referral code), or map one with map.advocate_email=<header>"});
  }
  if (!errors.empty())
    return Error(ErrorCode::kInvalidArgument, "The header row cannot be imported.", std::move(errors));
  return columns;
}

std::string CheckImportCell(std::string_view cell) {
  if (!IsStorableUtf8(cell)) {
    return "is not UTF-8 text (save the file as CSV UTF-8; another encoding, such as Windows-1252, cannot be read)";
  }
  if (cell.empty()) return {};
  char first = cell.front();
  bool formula = first == '=' || first == '@' || first == '\t' || first == '\r' || first == '\n';
  if (first == '+' || first == '-') {
    formula = !std::all_of(cell.begin() + 1, cell.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == ' ' || c == '.' || c == ',' || c == '(' || c == ')' || c == '-' ||
             c == '+' || c == '/';
    });
  }
  if (formula) {
    return "starts like a spreadsheet formula, which is not imported (write it with a leading ' to import it as "
           "text)";
  }
  return {};
}

std::string_view ImportCellValue(std::string_view cell) {
  if (cell.size() >= 2 && cell.front() == '\'' &&
      std::string_view("=+-@\t\r\n").find(cell[1]) != std::string_view::npos) {
    cell.remove_prefix(1);
  }
  return cell;
}

std::optional<std::string> ReadImportCell(const ImportColumns& columns, std::string_view field, std::int64_t row,
                                          const std::vector<std::string>& fields, std::vector<ImportIssue>& issues) {
  auto index = columns.Find(field);
  if (!index || *index >= fields.size()) return std::nullopt;
  // Checked without the spaces around it: " =1+1" is a formula too.
  std::string_view raw = Trim(fields[*index]);
  if (std::string problem = CheckImportCell(raw); !problem.empty()) {
    issues.push_back({row, columns.headers[*index], problem});
    return std::nullopt;
  }
  std::string_view value = Trim(ImportCellValue(raw));
  if (value.empty()) return std::nullopt;
  return std::string(value);
}

std::optional<AdvocateImportRow> ReadAdvocateImportRow(const ImportColumns& columns, std::int64_t row,
                                                       const std::vector<std::string>& fields,
                                                       std::vector<ImportIssue>& issues) {
  std::size_t issues_before = issues.size();
  AdvocateImportRow out;
  out.row = row;
  auto cell = [&](std::string_view field) { return ReadImportCell(columns, field, row, fields, issues); };
  out.input.email = cell("email");
  out.input.first_name = cell("first_name");
  out.input.last_name = cell("last_name");
  out.input.company = cell("company");
  if (auto tags = cell("tags")) {
    out.input.tags = SplitTags(*tags);
    if (out.input.tags->size() > kMaxTags) {  // refused before each tag is checked, however many
      issues.push_back({row, columns.HeaderOf("tags"), "must have at most 50 tags"});
      out.input.tags.reset();
    }
  }
  for (const auto& [field, index] : columns.field_index) {
    if (!field.starts_with(kAttributePrefix)) continue;
    if (auto value = cell(field)) {
      if (!out.input.attributes) out.input.attributes.emplace();
      (*out.input.attributes)[field.substr(kAttributePrefix.size())] = AttributeFromCell(*value);
    }
  }
  if (auto source = cell("source")) {
    out.source = ParseAdvocateSource(*source);
    if (!out.source) {
      issues.push_back({row, columns.HeaderOf("source"), "must be one of self_signup, staff, sales_rep, api, import"});
    }
  }
  if (auto rep = cell("sales_rep")) {
    if (std::string problem = CheckEmail(*rep); !problem.empty()) {
      issues.push_back({row, columns.HeaderOf("sales_rep"), "must be a sales rep's email address: " + problem});
    } else {
      out.sales_rep_email = NormalizeEmail(*rep);
    }
  }
  if (!out.input.email) {
    if (issues.size() == issues_before) issues.push_back({row, columns.HeaderOf("email"), "is required"});
  } else if (std::string problem = CheckEmail(*out.input.email); !problem.empty()) {
    issues.push_back({row, columns.HeaderOf("email"), problem});
  } else {
    out.email_normalized = NormalizeEmail(*out.input.email);
  }
  if (issues.size() != issues_before) return std::nullopt;
  return out;
}

Result<bool> MergeImportedAdvocate(Advocate& advocate, const AdvocateImportRow& row, Timestamp now) {
  AdvocateInput changes = row.input;
  changes.email.reset();
  if (changes.tags) {
    // The union, without the tags the enrolment has already (the limit counts distinct tags); a
    // tag that is not valid stays as given, for the check to name.
    std::vector<std::string> all = advocate.tags;
    for (const auto& tag : *changes.tags) {
      std::string normalized = NormalizeTag(tag);
      if (normalized.empty()) {
        all.push_back(tag);
      } else if (std::find(all.begin(), all.end(), normalized) == all.end()) {
        all.push_back(std::move(normalized));
      }
    }
    changes.tags = std::move(all);
  }
  Advocate merged = advocate;
  BB_RETURN_IF_ERROR(ApplyAdvocateChanges(merged, changes, now));
  bool changed = merged.first_name != advocate.first_name || merged.last_name != advocate.last_name ||
                 merged.company != advocate.company || merged.attributes != advocate.attributes ||
                 merged.tags != advocate.tags;
  if (changed) advocate = std::move(merged);
  return changed;
}

void AddFieldIssues(const ImportColumns& columns, std::int64_t row, const Error& error,
                    std::vector<ImportIssue>& issues) {
  if (error.fields().empty()) {
    issues.push_back({row, "", error.message()});
    return;
  }
  for (const auto& field : error.fields()) {
    std::string header = columns.HeaderOf(ImportFieldOf(field.field));
    issues.push_back({row, header, header.empty() ? field.field + " " + field.message : field.message});
  }
}

}  // namespace bb::domain
