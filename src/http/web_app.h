#pragma once
// The browser pages: the staff console (/console), the advocate portal (/portal, /join/{slug}),
// each program's public landing page (/landing/{slug}), the NPS survey's page (/survey/{token}) and
// the happiness rating's (/rate). They are one single-page application,
// built by Vite from web/ and embedded in the binary at build time (src/CMakeLists.txt); every
// page path answers the same HTML shell and the script draws the page. Assets are answered with
// an ETag and `Cache-Control: no-cache`, so a new binary's assets are never mixed with old ones.
//
// Thread-safety: immutable after construction; Serve may be called from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace bb::http {

class WebApp {
 public:
  WebApp();

  // The answer for a GET or HEAD of `path`: the shell for a page path, the file for an asset,
  // 304 when `if_none_match` names the current version; nullopt when the path is not the web
  // app's (the caller answers 404).
  std::optional<Response> Serve(std::string_view path, std::string_view if_none_match) const;

  // Whether `path` is one of the application's page paths (exposed for tests).
  static bool IsPagePath(std::string_view path);

 private:
  struct File {
    std::string path;  // "/assets/app.js"
    std::string_view data;
    std::string content_type;
    std::string etag;
  };
  Response Answer(const File& file, std::string_view if_none_match, bool page) const;

  std::vector<File> files_;
  const File* shell_ = nullptr;
};

}  // namespace bb::http
