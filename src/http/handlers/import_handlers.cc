// CSV imports (staff: admins and managers): POST a file, read the report (and, for a large file,
// its progress while it runs).

#include <boost/json.hpp>

#include <algorithm>
#include <cctype>

#include "http/handlers/handlers.h"
#include "http/representation.h"
#include "representation/resource_json.h"

namespace bb::http {

namespace {

namespace json = boost::json;

// The media type of the body, lower-cased, without parameters.
std::string MediaType(const Request& request) {
  std::string_view content_type = request.Header("content-type");
  std::string media(content_type.substr(0, content_type.find(';')));
  media.erase(std::remove_if(media.begin(), media.end(), [](unsigned char c) { return std::isspace(c); }), media.end());
  std::transform(media.begin(), media.end(), media.begin(), [](unsigned char c) { return std::tolower(c); });
  return media;
}

// The import the query string asks for: kind, program_id, dry_run, delimiter and map.<field>.
Result<service::ImportRequest> ReadImportRequest(const Request& request) {
  service::ImportRequest out;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : request.query) {
    if (name.starts_with("map.") && name.size() > 4) {
      if (!out.mapping.emplace(name.substr(4), value).second) errors.push_back({name, "is given twice"});
    } else if (name != "kind" && name != "program_id" && name != "dry_run" && name != "delimiter") {
      errors.push_back({name, "is not a known query parameter"});
    }
  }
  auto kind = request.Query("kind");
  if (!kind) {
    errors.push_back({"kind", "is required: advocates or referrals"});
  } else if (auto parsed = domain::ParseImportKind(*kind)) {
    out.kind = *parsed;
  } else {
    errors.push_back({"kind", "must be advocates or referrals"});
  }
  auto program = request.Query("program_id");
  if (!program || program->empty()) {
    errors.push_back({"program_id", "is required"});
  } else {
    out.program_id = std::string(*program);
  }
  if (auto dry_run = request.Query("dry_run")) {
    if (*dry_run == "true") {
      out.dry_run = true;
    } else if (*dry_run != "false") {
      errors.push_back({"dry_run", "must be true or false"});
    }
  }
  if (auto delimiter = request.Query("delimiter")) {
    if (*delimiter == ",") {
      out.delimiter = ',';
    } else if (*delimiter == ";") {
      out.delimiter = ';';
    } else {
      errors.push_back({"delimiter", "must be , or ;"});
    }
  }
  std::string media = MediaType(request);
  if (media != "text/csv") {
    errors.push_back({"Content-Type", "must be text/csv (the file itself as the body, UTF-8)"});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return out;
}

Response CreateImport(HandlerContext& context, Request& request) {
  // Who may import is answered before what is wrong with the request.
  if (Status allowed = domain::Authorize(request.actor, domain::Action::kImportData); !allowed.ok()) {
    return ErrorResponse(allowed.error(), request);
  }
  auto import_request = ReadImportRequest(request);
  if (!import_request.ok()) return ErrorResponse(import_request.error(), request);
  auto started = context.services.imports.Start(request.actor, *import_request, std::move(request.body));
  if (!started.ok()) return ErrorResponse(started.error(), request);
  bool running = started->status == domain::ImportStatus::kRunning;
  Response response = JsonReply(running ? 202 : 200, representation::ToJson(*started));
  response.With("Location", "/api/v1/imports/" + started->id);
  return response;
}

Response GetImport(HandlerContext& context, Request& request) {
  auto found = context.services.imports.Get(request.actor, request.Param("id"));
  if (!found.ok()) return ErrorResponse(found.error(), request);
  return JsonReply(200, representation::ToJson(*found));
}

Response ListImports(HandlerContext& context, Request& request) {
  if (Status known = OnlyQueryParameters(request, {"limit", "cursor", "program_id", "kind"}); !known.ok()) {
    return ErrorResponse(known.error(), request);
  }
  auto page = PageFromQuery(context, request);
  if (!page.ok()) return ErrorResponse(page.error(), request);
  std::optional<domain::ImportKind> kind;
  if (auto text = request.Query("kind")) {
    kind = domain::ParseImportKind(*text);
    if (!kind) return ErrorResponse(Error::InvalidField("kind", "must be advocates or referrals"), request);
  }
  auto list = context.services.imports.List(request.actor, request.Query("program_id").value_or(""), kind, *page);
  if (!list.ok()) return ErrorResponse(list.error(), request);
  json::array data;
  for (const auto& i : list->items) {
    json::value value = representation::ToJson(i);
    json::object& shown = value.as_object();
    shown.erase("errors");  // a list shows the figures; the errors are read one import at a time
    shown.erase("warnings");
    data.push_back(std::move(value));
  }
  return JsonReply(200, PageToJson(std::move(data), list->next_cursor));
}

}  // namespace

void AddImportRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"POST", "/api/v1/imports", Access::kStaff, false, bind(CreateImport)});
  router.Add({"GET", "/api/v1/imports", Access::kStaff, false, bind(ListImports)});
  router.Add({"GET", "/api/v1/imports/{id}", Access::kStaff, false, bind(GetImport)});
}

}  // namespace bb::http
