#pragma once
// Text with {{name}} placeholders, as staff write them in share messages and email templates:
// finding the ones a text uses and filling them in. Spaces inside the braces are allowed
// ("{{ program.name }}"); a "{{" without its "}}" is plain text. Pure functions, thread-safe.

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace bb::domain {

// The first placeholder of `text` whose name is not in `known`, as written ("{{advocat.name}}");
// "" when every placeholder is known.
std::string FirstUnknownPlaceholder(std::string_view text, std::span<const std::string_view> known);

// Whether `text` uses the placeholder `name`.
bool UsesPlaceholder(std::string_view text, std::string_view name);

// "{{a}}, {{b}}, {{c}}": `names` listed for a message.
std::string ListPlaceholders(std::span<const std::string_view> names);

// `text` with each placeholder replaced by `value(name)`, appended as it is; a placeholder for which
// it gives nullopt is kept as written. Text outside placeholders is appended through `text_out`
// (as it is when null), so that a caller making HTML can escape it.
std::string FillPlaceholders(std::string_view text,
                             const std::function<std::optional<std::string>(std::string_view name)>& value,
                             const std::function<std::string(std::string_view)>& text_out = nullptr);

}  // namespace bb::domain
