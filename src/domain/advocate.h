#pragma once
// Advocates: a person enrolled in one program, with their referral code, how they were enrolled,
// what the program calls them, and the attributes and tags programs segment them by. A person (one
// normalised email) may be an advocate in several programs; what each program knows of them (name,
// company, the email as typed, attributes, tags) belongs to that enrolment alone, so no program can
// read or change what another one holds. Pure rules, no I/O.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace bb::domain {

enum class AdvocateSource { kSelfSignup, kStaff, kSalesRep, kApi, kImport };
enum class AdvocateStatus { kActive, kInactive };

std::string_view ToString(AdvocateSource source);
std::optional<AdvocateSource> ParseAdvocateSource(std::string_view text);
std::string_view ToString(AdvocateStatus status);
std::optional<AdvocateStatus> ParseAdvocateStatus(std::string_view text);

// An attribute value as the client gave it: a string, a number (kept as its JSON text so that it
// round-trips exactly) or a boolean ("true"/"false").
struct AttributeValue {
  enum class Kind { kString, kNumber, kBool };
  Kind kind = Kind::kString;
  std::string text;
  friend bool operator==(const AttributeValue&, const AttributeValue&) = default;
};
using Attributes = std::map<std::string, AttributeValue>;

inline constexpr std::size_t kMaxAttributes = 50;
inline constexpr std::size_t kMaxTags = 50;

// What segments look at: an advocate's attributes and tags (a referral keeps a copy of them as
// they were when it was submitted, so that its rewards do not change when the advocate does).
struct AdvocateProfile {
  Attributes attributes;
  std::vector<std::string> tags;  // lower-case, sorted, unique
  friend bool operator==(const AdvocateProfile&, const AdvocateProfile&) = default;
};

// The identity shared by a person's enrolments: only the key they are matched on across programs
// (duplicate and self-referral checks). It holds no personal details: those are each enrolment's.
struct Person {
  std::string id;
  std::string email_normalized;  // for matching
  Timestamp created_at;
};

struct Advocate {
  std::string id;
  std::string program_id;
  std::string code;
  Person person;
  // This enrolment's own copy of the person's details, as the program was given them.
  std::string email;  // as given, for sending; its normalised form is person.email_normalized
  std::string first_name;
  std::string last_name;
  std::string company;
  AdvocateSource source = AdvocateSource::kStaff;
  std::string enrolled_by;  // the user or API key that enrolled them; empty for self sign-up
  AdvocateStatus status = AdvocateStatus::kActive;
  Attributes attributes;
  std::vector<std::string> tags;  // lower-case, sorted, unique
  Timestamp created_at;
  Timestamp updated_at;

  AdvocateProfile Profile() const { return {attributes, tags}; }
  // "First Last", or just the one that is set.
  std::string FullName() const {
    if (last_name.empty()) return first_name;
    return first_name.empty() ? last_name : first_name + " " + last_name;
  }
};

// Fields as a client sent them. In `attributes`, a nullopt value removes the key (JSON merge
// patch); `tags` replaces the whole list.
struct AdvocateInput {
  std::optional<std::string> email;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> company;
  std::optional<std::map<std::string, std::optional<AttributeValue>>> attributes;
  std::optional<std::vector<std::string>> tags;
};

// Checks an enrollment: email and first_name are required, every present field must be valid.
// On success returns the enrolment's details (email, names, company, person.email_normalized; ids
// and times unset) and the normalised tags and attributes; on failure kInvalidArgument naming each
// bad field.
Result<Advocate> BuildEnrollment(const AdvocateInput& input);

// Applies the present fields of `input` (names, company, attributes, tags) to `advocate` (this
// enrolment only). The email cannot change (it identifies the person). Fails with kInvalidArgument naming each bad
// field; `advocate` is unchanged on failure.
Status ApplyAdvocateChanges(Advocate& advocate, const AdvocateInput& input, Timestamp now);

// Canonical tag: trimmed, lower-case. Empty when the tag is invalid.
std::string NormalizeTag(std::string_view tag);
// The text an advocate search looks for: trimmed and lower-cased (ASCII letters; SQLite's lower()
// folds no others). "" for a blank search.
std::string SearchKey(std::string_view text);
inline constexpr std::size_t kMaxSearchLength = 100;
// True when `key` can name an attribute: 1-64 of [a-z0-9_], starting with a letter.
bool IsAttributeKey(std::string_view key);
// Checks attribute changes as a client sent them under `field` ("attributes"): at most
// kMaxAttributes keys, each an attribute key, each string value at most 500 characters. Appends
// one error per bad key ("attributes.Bad Key"). The reserved keys are checked by
// CheckReservedAttributes (domain/personality.h).
void CheckAttributeChanges(const std::map<std::string, std::optional<AttributeValue>>& changes, std::string_view field,
                           std::vector<FieldError>& errors);

}  // namespace bb::domain
