#include "domain/program_segment.h"

#include <algorithm>

#include "domain/validation.h"

namespace bb::domain {
namespace {

bool HasLevel(const std::vector<PointsLevel>& levels, std::string_view name) {
  return std::any_of(levels.begin(), levels.end(), [&](const PointsLevel& level) { return level.name == name; });
}

// Checks every present field of `input` into `errors`; writes the checked, normalised values into
// `out` (so that nothing is written when there is an error, the caller copies `out` only then).
void CheckInput(const SegmentInput& input, std::int64_t max_position, const std::vector<PointsLevel>& levels,
                ProgramSegment& out, std::vector<FieldError>& errors) {
  if (input.name) {
    std::string problem = CheckText(*input.name, kMaxSegmentNameLength);
    if (!problem.empty()) errors.push_back({"name", problem});
    out.name = *input.name;
  }
  if (input.description) {
    std::string problem = CheckText(*input.description, kMaxSegmentDescriptionLength, true, TextShape::kMultiLine);
    if (!problem.empty()) errors.push_back({"description", problem});
    out.description = *input.description;
  }
  if (input.position) {
    if (*input.position < 1 || *input.position > max_position) {
      errors.push_back({"position", "must be between 1 and " + std::to_string(max_position) +
                                        " (the place among the program's active segments; the first match wins)"});
    }
    out.position = *input.position;
  }
  if (input.attributes) {
    if (input.attributes->size() > kMaxSegmentAttributes) {
      errors.push_back({"attributes", "must name at most 20 attributes"});
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> attributes;
    for (const auto& [key, values] : *input.attributes) {
      std::string field = "attributes." + key;
      if (!IsAttributeKey(key)) {
        errors.push_back({field, "is not an attribute key: keys are 1-64 of a-z, 0-9 and '_', starting with a letter"});
        continue;
      }
      if (values.empty() || values.size() > kMaxSegmentAttributeValues) {
        errors.push_back({field, "must list 1 to 20 values (any of them matches)"});
        continue;
      }
      std::vector<std::string> sorted;
      for (std::size_t i = 0; i < values.size(); ++i) {
        std::string problem = CheckText(values[i], 500);
        if (!problem.empty()) errors.push_back({field + "[" + std::to_string(i) + "]", problem});
        sorted.push_back(values[i]);
      }
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      attributes.emplace_back(key, std::move(sorted));
    }
    std::sort(attributes.begin(), attributes.end());
    for (std::size_t i = 1; i < attributes.size(); ++i) {
      if (attributes[i].first == attributes[i - 1].first) {
        errors.push_back({"attributes." + attributes[i].first, "is named twice"});
      }
    }
    out.filter.attributes = std::move(attributes);
  }
  if (input.tags) {
    if (input.tags->size() > kMaxTags) errors.push_back({"tags", "must have at most 50 tags"});
    std::vector<std::string> tags;
    for (std::size_t i = 0; i < input.tags->size(); ++i) {
      std::string tag = NormalizeTag((*input.tags)[i]);
      if (tag.empty()) {
        errors.push_back(
            {"tags[" + std::to_string(i) + "]", "tags must be 1-64 of letters, digits, space, '_', '-' or ':'"});
      }
      tags.push_back(std::move(tag));
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    out.filter.tags = std::move(tags);
  }
  if (input.nps_classes) {
    std::vector<NpsClass> classes;
    for (std::size_t i = 0; i < input.nps_classes->size(); ++i) {
      auto parsed = ParseNpsClass((*input.nps_classes)[i]);
      if (!parsed) {
        errors.push_back({"nps_classes[" + std::to_string(i) + "]", "must be promoter, passive or detractor"});
        continue;
      }
      classes.push_back(*parsed);
    }
    std::sort(classes.begin(), classes.end());
    classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
    out.filter.nps_classes = std::move(classes);
  }
  if (input.min_level) {
    if (!input.min_level->empty() && !HasLevel(levels, *input.min_level)) {
      std::string names;
      for (const auto& level : levels) names += (names.empty() ? "" : ", ") + level.name;
      errors.push_back({"min_level", "is not one of the program's levels (" + names + ")"});
    }
    out.filter.min_level = *input.min_level;
  }
  const std::tuple<const std::optional<std::string>*, std::string*, std::string_view, WordsPlace> words[] = {
      {&input.share_message, &out.words.share_message, "share_message", WordsPlace::kShareMessage},
      {&input.portal_headline, &out.words.portal_headline, "portal_headline", WordsPlace::kPortalHeadline},
      {&input.landing_headline, &out.words.landing_headline, "landing_headline", WordsPlace::kLandingHeadline},
      {&input.landing_intro, &out.words.landing_intro, "landing_intro", WordsPlace::kLandingIntro}};
  for (const auto& [text, target, field, place] : words) {
    if (!*text) continue;
    std::string problem = CheckWords(**text, place, true);
    if (!problem.empty()) errors.push_back({std::string(field), problem});
    *target = **text;
  }
  if (input.active) out.active = *input.active;
}

bool AttributeMatches(const Attributes& attributes, const std::string& key, const std::vector<std::string>& values) {
  auto found = attributes.find(key);
  return found != attributes.end() && std::binary_search(values.begin(), values.end(), found->second.text);
}

}  // namespace

Result<ProgramSegment> BuildSegment(const SegmentInput& input, std::string id, std::string program_id,
                                    std::int64_t active_count, const std::vector<PointsLevel>& levels, Timestamp now) {
  ProgramSegment segment;
  segment.position = active_count + 1;
  std::vector<FieldError> errors;
  if (!input.name) errors.push_back({"name", "is required"});
  CheckInput(input, active_count + 1, levels, segment, errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (!segment.active) segment.position = 0;
  segment.id = std::move(id);
  segment.program_id = std::move(program_id);
  segment.created_at = now;
  segment.updated_at = now;
  return segment;
}

Result<bool> ApplySegmentChanges(ProgramSegment& segment, const SegmentInput& input, std::int64_t active_count,
                                 const std::vector<PointsLevel>& levels, Timestamp now) {
  ProgramSegment changed = segment;
  // A retired segment coming back takes the end unless told where; an active one has a place among
  // the active already.
  bool returning = !segment.active && input.active.value_or(false);
  std::int64_t max_position = segment.active ? active_count : active_count + 1;
  if (returning && !input.position) changed.position = active_count + 1;
  std::vector<FieldError> errors;
  CheckInput(input, max_position, levels, changed, errors);
  if (input.position && !changed.active) {
    errors.push_back(
        {"position", "a retired segment has no place: bring it back with \"active\": true to give it one"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (!changed.active) changed.position = 0;
  if (changed == segment) return false;
  changed.updated_at = now;
  segment = std::move(changed);
  return true;
}

std::vector<ProgramSegment> Reordered(std::vector<ProgramSegment> active, const ProgramSegment& moved) {
  std::sort(active.begin(), active.end(), [](const ProgramSegment& a, const ProgramSegment& b) {
    return a.position != b.position ? a.position < b.position : a.id < b.id;
  });
  std::vector<const ProgramSegment*> order;
  for (const auto& segment : active) {
    if (segment.id != moved.id) order.push_back(&segment);
  }
  if (moved.active) {
    std::size_t at = static_cast<std::size_t>(std::clamp<std::int64_t>(moved.position, 1, order.size() + 1) - 1);
    order.insert(order.begin() + static_cast<std::ptrdiff_t>(at), &moved);
  }
  std::vector<ProgramSegment> changed;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (order[i]->id == moved.id) continue;
    auto position = static_cast<std::int64_t>(i + 1);
    if (order[i]->position != position) {
      ProgramSegment renumbered = *order[i];
      renumbered.position = position;
      changed.push_back(std::move(renumbered));
    }
  }
  return changed;
}

bool Matches(const SegmentFilter& filter, const AdvocateProfile& profile, std::int64_t lifetime_points,
             const std::vector<PointsLevel>& levels) {
  for (const auto& [key, values] : filter.attributes) {
    if (!AttributeMatches(profile.attributes, key, values)) return false;
  }
  for (const auto& tag : filter.tags) {
    if (!std::binary_search(profile.tags.begin(), profile.tags.end(), tag)) return false;
  }
  if (!filter.nps_classes.empty()) {
    auto answered = profile.attributes.find("nps_class");
    if (answered == profile.attributes.end()) return false;
    bool any = std::any_of(filter.nps_classes.begin(), filter.nps_classes.end(),
                           [&](NpsClass c) { return ToString(c) == answered->second.text; });
    if (!any) return false;
  }
  if (!filter.min_level.empty()) {
    auto level =
        std::find_if(levels.begin(), levels.end(), [&](const PointsLevel& l) { return l.name == filter.min_level; });
    if (level == levels.end() || lifetime_points < level->min_points) return false;
  }
  return true;
}

bool NeedsLevel(const std::vector<ProgramSegment>& segments) {
  return std::any_of(segments.begin(), segments.end(),
                     [](const ProgramSegment& s) { return s.active && !s.filter.min_level.empty(); });
}

const ProgramSegment* FirstMatch(const std::vector<ProgramSegment>& segments, const AdvocateProfile& profile,
                                 std::int64_t lifetime_points, const std::vector<PointsLevel>& levels) {
  const ProgramSegment* first = nullptr;
  for (const auto& segment : segments) {
    if (!segment.active || !Matches(segment.filter, profile, lifetime_points, levels)) continue;
    if (!first || segment.position < first->position ||
        (segment.position == first->position && segment.id < first->id)) {
      first = &segment;
    }
  }
  return first;
}

std::vector<std::string> SegmentWarnings(const ProgramSegment& segment, const std::vector<ProgramSegment>& active,
                                         const std::vector<PointsLevel>& levels) {
  std::vector<std::string> warnings;
  if (!segment.filter.min_level.empty() && !HasLevel(levels, segment.filter.min_level)) {
    warnings.push_back("The program has no level \"" + segment.filter.min_level +
                       "\" any more: this segment matches nobody until its level is changed.");
  }
  if (segment.active) {
    for (const auto& other : active) {
      if (other.active && other.id != segment.id && other.position < segment.position &&
          other.filter == SegmentFilter{}) {
        warnings.push_back("\"" + other.name + "\" comes before it and holds every advocate: nobody reaches this one.");
        break;
      }
    }
  }
  return warnings;
}

AdvocateWords WordsInEffect(const Branding& program, const ProgramSegment* segment) {
  AdvocateWords words = ProgramWords(program);
  if (!segment) return words;
  const SegmentWords& own = segment->words;
  if (!own.share_message.empty()) words.share_message = own.share_message;
  if (!own.portal_headline.empty()) words.portal_headline = own.portal_headline;
  if (!own.landing_headline.empty()) words.landing_headline = own.landing_headline;
  if (!own.landing_intro.empty()) words.landing_intro = own.landing_intro;
  return words;
}

}  // namespace bb::domain
