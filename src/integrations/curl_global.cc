#include "integrations/curl_global.h"

#include <curl/curl.h>

#include <mutex>

namespace bb::integrations {

// curl_global_init is not safe to run twice or concurrently; every user goes through here.
bool InitialiseCurl() {
  static std::once_flag once;
  static bool initialised = false;
  std::call_once(once, [] { initialised = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; });
  return initialised;
}

}  // namespace bb::integrations
