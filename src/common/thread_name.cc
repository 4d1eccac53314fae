#include "common/thread_name.h"

#include <pthread.h>

#include <string>

namespace bb {

void SetCurrentThreadName(std::string_view name) {
  std::string truncated(name.substr(0, 15));
  (void)pthread_setname_np(pthread_self(), truncated.c_str());
}

}  // namespace bb
