#include "service/actor_names.h"

namespace bb::service {

Result<ActorNames> NamesOfActors(store::Queries& q, const std::set<std::string>& ids) {
  ActorNames names;
  for (const std::string& id : ids) {
    if (id.starts_with("usr_")) {
      BB_ASSIGN_OR_RETURN(auto user, q.FindUser(id));
      if (user) names[id] = user->name;
    } else if (id.starts_with("key_")) {
      BB_ASSIGN_OR_RETURN(auto key, q.FindApiKey(id));
      if (key) names[id] = key->name + " (API key)";
    } else if (id == domain::Actor::System().id) {
      names[id] = "Bluebird";
    } else if (id.starts_with("adv_")) {
      BB_ASSIGN_OR_RETURN(auto advocate, q.FindAdvocate(id));
      if (!advocate) continue;
      std::string name = advocate->FullName();
      names[id] = name.empty() ? advocate->email : name;
    }
  }
  return names;
}

}  // namespace bb::service
