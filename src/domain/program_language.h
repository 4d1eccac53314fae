#pragma once
// A program's language settings: its language (a BCP 47 tag, "en" by default) and its own wording
// of the sentences Bluebird writes to its advocates — what a reward was for, what a points entry
// was, why an item cannot be redeemed, what a rating asks about, and the portal's words for where
// a referral, a reward, a redemption or a challenge step stands. Each sentence has a key, an
// English default and the placeholders it may use; a program replaces any of them (its message
// templates), and what it leaves alone stays the default. Pure; no I/O; thread-safe.

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.h"

namespace bb::domain {

// One sentence Bluebird writes to advocates.
struct MessageSpec {
  std::string_view key;                            // "reward.won", "stage.won", ...
  std::string_view text;                           // the English default
  std::span<const std::string_view> placeholders;  // those it may use, without braces
  std::string_view about;                          // where it is shown, for staff who reword it
};

// Every sentence, in a fixed order (by area).
std::span<const MessageSpec> AdvocateMessages();
// The sentence `key`, or null.
const MessageSpec* FindAdvocateMessage(std::string_view key);

inline constexpr std::string_view kDefaultLanguage = "en";
inline constexpr std::size_t kMaxMessageLength = 200;

struct ProgramLanguage {
  std::string language{kDefaultLanguage};
  std::map<std::string, std::string, std::less<>> messages;  // key → the program's own wording
  friend bool operator==(const ProgramLanguage&, const ProgramLanguage&) = default;
};

// A change as a client sent it: the language, and per key a new wording (nullopt or "" restores
// the default).
struct ProgramLanguageInput {
  std::optional<std::string> language;
  std::vector<std::pair<std::string, std::optional<std::string>>> messages;
};

// `input` applied to `settings`; kInvalidArgument naming "language" (not a BCP 47 tag such as
// "en", "de-CH", "pt-BR") and "messages.<key>" (an unknown key; more than kMaxMessageLength
// characters, a line break or a control character; a placeholder the sentence does not offer,
// with those it does), nothing changed then. Returns whether anything changed.
Result<bool> ApplyProgramLanguage(ProgramLanguage& settings, const ProgramLanguageInput& input);

// The wording of `key` in effect: the program's own or the default ("" for an unknown key).
std::string_view MessageText(const ProgramLanguage& settings, std::string_view key);

using MessageValues = std::vector<std::pair<std::string_view, std::string>>;
// The wording of `key` with its placeholders filled in from `values` (one the values lack is kept
// as written).
std::string Say(const ProgramLanguage& settings, std::string_view key, const MessageValues& values = {});

// 1st, 2nd, 3rd, 4th, ..., 11th, 12th, 13th, ..., 21st: English ordinals, the default wordings'
// {{ordinal}}.
std::string EnglishOrdinal(std::int64_t n);

}  // namespace bb::domain
