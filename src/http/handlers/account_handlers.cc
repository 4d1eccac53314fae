// Sign-in and sign-out, the current user, users and API keys.

#include <boost/json.hpp>

#include "common/time_format.h"
#include "http/handlers/handlers.h"
#include "http/json_body.h"
#include "http/representation.h"

namespace bb::http {
namespace {

namespace json = boost::json;

Response Login(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto email = reader.String("email");
  auto password = reader.String("password");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  std::vector<FieldError> missing;
  if (!email) missing.push_back({"email", "is required"});
  if (!password) missing.push_back({"password", "is required"});
  if (!missing.empty()) return ErrorResponse(Error::Invalid(std::move(missing)), request);

  auto grant = context.services.auth.Login(*email, *password, context.services.links.HashIp(request.remote_ip));
  if (!grant.ok()) return ErrorResponse(grant.error(), request);
  long max_age = static_cast<long>(
      std::chrono::duration_cast<std::chrono::seconds>(context.services.auth.policy().absolute).count());
  Response response = JsonReply(200, json::object{{"user", ToJson(grant->user)}, {"csrf_token", grant->csrf_token}});
  response.With("Set-Cookie", SessionCookie(kSessionCookie, grant->token, max_age, true, context.secure_cookies));
  response.With("Set-Cookie", SessionCookie(kCsrfCookie, grant->csrf_token, max_age, false, context.secure_cookies));
  response.With("Cache-Control", "no-store");
  return response;
}

Response Logout(HandlerContext& context, Request& request) {
  std::string_view token = request.Cookie(kSessionCookie);
  if (!token.empty()) {
    Status ended = context.services.auth.Logout(token);
    if (!ended.ok()) return ErrorResponse(ended.error(), request);
  }
  Response response;
  response.status = 204;
  response.With("Set-Cookie", SessionCookie(kSessionCookie, "", 0, true, context.secure_cookies));
  response.With("Set-Cookie", SessionCookie(kCsrfCookie, "", 0, false, context.secure_cookies));
  return response;
}

Response Me(HandlerContext& context, Request& request) {
  const domain::Actor& actor = request.actor;
  if (actor.kind == domain::Actor::Kind::kUser) {
    auto user = context.services.auth.GetUser(actor, actor.id);
    if (!user.ok()) return ErrorResponse(user.error(), request);
    return JsonReply(200,
                     json::object{{"kind", "user"}, {"role", domain::ToString(actor.role)}, {"user", ToJson(*user)}});
  }
  return JsonReply(200,
                   json::object{{"kind", "api_key"}, {"role", domain::ToString(actor.role)}, {"api_key_id", actor.id}});
}

Render<domain::User> RenderUser() {
  return [](const domain::User& user) {
    return service::StoredReply{201, json::serialize(ToJson(user)), "/api/v1/users/" + user.id};
  };
}

Response CreateUser(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::UserInput input{reader.String("email"), reader.String("name"), reader.String("role"),
                           reader.String("password")};
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto render = RenderUser();
  return Reply(context, request, context.services.auth.CreateUser(request.actor, input, IdempotentFor(request, render)),
               render);
}

Response ListUsers(HandlerContext& context, Request& request) {
  auto users = context.services.auth.ListUsers(request.actor);
  if (!users.ok()) return ErrorResponse(users.error(), request);
  json::array data;
  for (const auto& user : *users) data.push_back(ToJson(user));
  return JsonReply(200, PageToJson(std::move(data), ""));
}

Response GetUser(HandlerContext& context, Request& request) {
  auto user = context.services.auth.GetUser(request.actor, request.Param("id"));
  if (!user.ok()) return ErrorResponse(user.error(), request);
  return JsonReply(200, ToJson(*user));
}

Response UpdateUser(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  service::UserChanges changes{reader.String("name"), reader.String("role"), reader.Boolean("disabled")};
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  auto user = context.services.auth.UpdateUser(request.actor, request.Param("id"), changes);
  if (!user.ok()) return ErrorResponse(user.error(), request);
  return JsonReply(200, ToJson(*user));
}

// {"url": the page where the user sets a new password, "expires_at"}. The token rides in the URL's
// fragment, which browsers never send to a server, so it stays out of every access log.
json::object PasswordResetToJson(const HandlerContext& context, const service::IssuedPasswordReset& issued,
                                 bool with_secret) {
  json::value url = nullptr;
  if (with_secret) url = context.links.public_base_url + "/console/reset-password#token=" + issued.token;
  return json::object{{"user_id", issued.user_id}, {"url", url}, {"expires_at", FormatTimestamp(issued.expires_at)}};
}

Response IssuePasswordReset(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  if (Status read = reader.Finish(); !read.ok()) return ErrorResponse(read.error(), request);
  Render<service::IssuedPasswordReset> render = [&context](const service::IssuedPasswordReset& issued) {
    return service::StoredReply{201, json::serialize(PasswordResetToJson(context, issued, true)), ""};
  };
  // The link is never stored, not even in the idempotency record: a replay answers "url": null.
  Render<service::IssuedPasswordReset> record = [&context](const service::IssuedPasswordReset& issued) {
    return service::StoredReply{201, json::serialize(PasswordResetToJson(context, issued, false)), ""};
  };
  return Reply(
      context, request,
      context.services.auth.IssuePasswordReset(request.actor, request.Param("id"), IdempotentFor(request, record)),
      render);
}

Response ResetPassword(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto token = reader.String("token");
  auto password = reader.String("password");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  std::vector<FieldError> missing;
  if (!token) missing.push_back({"token", "is required"});
  if (!password) missing.push_back({"password", "is required"});
  if (!missing.empty()) return ErrorResponse(Error::Invalid(std::move(missing)), request);
  Status reset =
      context.services.auth.ResetPassword(*token, *password, context.services.links.HashIp(request.remote_ip));
  if (!reset.ok()) return ErrorResponse(reset.error(), request);
  Response response;
  response.status = 204;
  response.With("Cache-Control", "no-store");
  return response;
}

Response CreateApiKey(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  auto name = reader.String("name");
  auto role = reader.String("role");
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  Render<service::CreatedApiKey> render = [](const service::CreatedApiKey& created) {
    return service::StoredReply{201, json::serialize(ToJson(created)), ""};
  };
  // The secret is never stored, not even in the idempotency record: a replay shows the key's
  // metadata with "key": null.
  Render<service::CreatedApiKey> record = [](const service::CreatedApiKey& created) {
    json::value shown = ToJson(created.key);
    shown.as_object()["key"] = nullptr;
    return service::StoredReply{201, json::serialize(shown), ""};
  };
  return Reply(context, request,
               context.services.auth.CreateApiKey(request.actor, name, role, IdempotentFor(request, record)), render);
}

Response ListApiKeys(HandlerContext& context, Request& request) {
  auto keys = context.services.auth.ListApiKeys(request.actor);
  if (!keys.ok()) return ErrorResponse(keys.error(), request);
  json::array data;
  for (const auto& key : *keys) data.push_back(ToJson(key));
  return JsonReply(200, PageToJson(std::move(data), ""));
}

Response RevokeApiKey(HandlerContext& context, Request& request) {
  auto body = ParseJsonObject(request, true);
  if (!body.ok()) return ErrorResponse(body.error(), request);
  ObjectReader reader(*body);
  Status read = reader.Finish();
  if (!read.ok()) return ErrorResponse(read.error(), request);
  Render<domain::ApiKey> render = [](const domain::ApiKey& key) {
    return service::StoredReply{200, json::serialize(ToJson(key)), ""};
  };
  return Reply(context, request,
               context.services.auth.RevokeApiKey(request.actor, request.Param("id"), IdempotentFor(request, render)),
               render);
}

}  // namespace

void AddAccountRoutes(Router& router, HandlerContext& context) {
  auto bind = [&context](Response (*handler)(HandlerContext&, Request&)) {
    return [&context, handler](Request& request) { return handler(context, request); };
  };
  router.Add({"POST", "/api/v1/auth/login", Access::kPublic, false, bind(Login)});
  router.Add({"POST", "/api/v1/auth/logout", Access::kPublic, false, bind(Logout)});
  router.Add({"GET", "/api/v1/me", Access::kStaff, false, bind(Me)});
  router.Add({"GET", "/api/v1/users", Access::kStaff, false, bind(ListUsers)});
  router.Add({"POST", "/api/v1/users", Access::kStaff, false, bind(CreateUser)});
  router.Add({"GET", "/api/v1/users/{id}", Access::kStaff, false, bind(GetUser)});
  router.Add({"PATCH", "/api/v1/users/{id}", Access::kStaff, false, bind(UpdateUser)});
  router.Add({"POST", "/api/v1/users/{id}/password-reset", Access::kStaff, false, bind(IssuePasswordReset)});
  router.Add({"POST", "/api/v1/auth/password-reset", Access::kPublic, true, bind(ResetPassword)});
  router.Add({"GET", "/api/v1/api-keys", Access::kStaff, false, bind(ListApiKeys)});
  router.Add({"POST", "/api/v1/api-keys", Access::kStaff, false, bind(CreateApiKey)});
  router.Add({"POST", "/api/v1/api-keys/{id}/revoke", Access::kStaff, false, bind(RevokeApiKey)});
}

}  // namespace bb::http
