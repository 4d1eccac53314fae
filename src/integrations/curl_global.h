#pragma once
// libcurl's process-wide initialisation, shared by everything in this layer that uses libcurl.

namespace bb::integrations {

// Runs curl_global_init once for the process (safe to call from any thread, any number of times)
// and returns whether it succeeded; every user of libcurl here calls it before curl_easy_init.
bool InitialiseCurl();

}  // namespace bb::integrations
