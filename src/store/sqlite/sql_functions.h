#pragma once
// Bluebird's own SQL functions on a SQLite connection, for what plain SQL cannot say (SQLite 3.40
// has no unhex): used by the migrations.
//
//   bb_visitor_half(text, half)  the more (half 0) or less (1) significant 64 bits of a visitor id
//                                (domain::ParseUlid), as a signed integer
//   bb_address_half(text, half)  the same of an address hash (domain::ParseAddressHash)
//
// A text that is not such a value (a row written by hand) gives the halves of a hash of the text,
// so that an upgrade never stops on one: 26 base32 digits whose first is above '7' lose their
// top two bits; anything else is hashed. NULL gives NULL.

#include <sqlite3.h>

#include "common/result.h"

namespace bb::store::sqlite {

// Registers the functions on `db` (deterministic, UTF-8). Fails only when SQLite refuses.
Status RegisterSqlFunctions(sqlite3* db);

}  // namespace bb::store::sqlite
