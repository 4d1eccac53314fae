#pragma once
// Who made a change, as a person reads it. Referral and reward histories record actor ids (a user,
// an API key, an advocate acting in the portal); staff see a name beside each.

#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/result.h"
#include "store/store.h"

namespace bb::service {

// Actor id -> name.
using ActorNames = std::map<std::string, std::string, std::less<>>;

// The names of `ids`, read in `q`: a user's name, an API key's name followed by " (API key)", an
// advocate's first and last name (their email when they gave no name), "Bluebird" for the system
// actor (rewards a stage move created). Ids of nothing known (and
// empty ones) are left out. Errors are storage failures only.
Result<ActorNames> NamesOfActors(store::Queries& q, const std::set<std::string>& ids);

// The names of the actors of a history's entries (any type with a std::string `actor`).
template <class Event>
Result<ActorNames> NamesOfActorsIn(store::Queries& q, const std::vector<Event>& history) {
  std::set<std::string> ids;
  for (const auto& event : history) ids.insert(event.actor);
  return NamesOfActors(q, ids);
}

}  // namespace bb::service
