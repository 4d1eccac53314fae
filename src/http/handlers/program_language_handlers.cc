// A program's language settings (domain/program_language.h): GET /api/v1/programs/{id}/language
// (every sentence Bluebird writes to its advocates, with its default, its placeholders and the
// program's wording) and PUT /api/v1/programs/{id}/language (the language and any rewording).

#include <boost/json.hpp>

#include <string>

#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

json::object LanguageToJson(std::string_view program_id, const domain::ProgramLanguage& settings) {
  json::array messages;
  for (const domain::MessageSpec& spec : domain::AdvocateMessages()) {
    json::array placeholders;
    for (std::string_view name : spec.placeholders) placeholders.emplace_back(name);
    messages.push_back(json::object{{"key", spec.key},
                                    {"text", domain::MessageText(settings, spec.key)},
                                    {"default", spec.text},
                                    {"custom", settings.messages.contains(spec.key)},
                                    {"placeholders", std::move(placeholders)},
                                    {"about", spec.about}});
  }
  return json::object{{"program_id", program_id}, {"language", settings.language}, {"messages", std::move(messages)}};
}

// GET /api/v1/programs/{id}/language
Response GetLanguage(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {}); !known.ok()) return ErrorResponse(known.error(), request);
  auto settings = context.services.program_language.Get(request.actor, request.Param("id"));
  if (!settings.ok()) return ErrorResponse(settings.error(), request);
  return JsonReply(200, LanguageToJson(request.Param("id"), *settings));
}

// PUT /api/v1/programs/{id}/language {"language"?, "messages"?: {"<key>": "text" | null}}
Response PutLanguage(HandlerContext& context, Request& request) {
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kManagePrograms); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  domain::ProgramLanguageInput input;
  input.language = reader.String("language");
  if (auto messages = reader.TextMap("messages")) input.messages = std::move(*messages);
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  auto settings = context.services.program_language.Update(request.actor, request.Param("id"), input);
  if (!settings.ok()) return ErrorResponse(settings.error(), request);
  return JsonReply(200, LanguageToJson(request.Param("id"), *settings));
}

}  // namespace

void AddProgramLanguageRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"GET", "/api/v1/programs/{id}/language", Access::kStaff, false, bind(GetLanguage)});
  router.Add({"PUT", "/api/v1/programs/{id}/language", Access::kStaff, false, bind(PutLanguage)});
}

}  // namespace bb::http
