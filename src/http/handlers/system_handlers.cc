// GET /, /healthz, /readyz, /metrics and the OpenAPI document.

#include <span>

#include "common/embedded_file.h"
#include "http/handlers/handlers.h"

namespace bb::http::assets {
std::span<const bb::EmbeddedFile> Files();
}

namespace bb::http {
namespace {

std::string_view Asset(std::string_view name) {
  for (const auto& file : assets::Files()) {
    if (file.name == name) return file.data;
  }
  return {};
}

constexpr std::string_view kHome = R"(<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bluebird</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f2937}
h1{color:#1d4ed8}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:.2rem}</style></head>
<body><h1>Bluebird is running</h1>
<p>Referral and advocacy programs, tracked from the first click to the closed deal.</p>
<ul>
<li><a href="/console">Console</a> — programs, referrals, the review queue and rewards, for staff</li>
<li><a href="/portal">Advocate portal</a> — an advocate's link, share buttons, referrals and rewards</li>
<li><a href="/api/v1/openapi.json">API reference (OpenAPI 3.1)</a> — authenticate with <code>Authorization: Bearer &lt;key&gt;</code></li>
<li><a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>, <a href="/metrics">/metrics</a></li>
</ul></body></html>
)";

}  // namespace

void AddSystemRoutes(Router& router, HandlerContext& context) {
  router.Add({"GET", "/", Access::kPublic, false, [](Request&) { return Response::Html(200, std::string(kHome)); }});
  router.Add(
      {"GET", "/healthz", Access::kPublic, false, [](Request&) { return Response::Json(200, R"({"status":"ok"})"); }});
  router.Add({"GET", "/readyz", Access::kPublic, false, [&context](Request& request) {
                if (context.draining.load()) return Response::Json(503, R"({"status":"draining"})");
                Status reachable = context.services.CheckReady();
                if (!reachable.ok()) return ErrorResponse(reachable.error(), request);
                return Response::Json(200, R"({"status":"ready"})");
              }});
  router.Add({"GET", "/metrics", Access::kPublic, false, [&context](Request&) {
                return Response::Text(200, context.metrics.Render(), "text/plain; version=0.0.4; charset=utf-8");
              }});
  router.Add({"GET", "/api/v1/openapi.json", Access::kPublic, false,
              [](Request&) { return Response::Json(200, std::string(Asset("openapi.json"))); }});
}

}  // namespace bb::http
