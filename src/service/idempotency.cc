#include "service/idempotency.h"

#include "crypto/crypto.h"

namespace bb::service {

IdempotencyClaim Idempotency::MakeClaim(std::string scope, std::string key, std::string_view method,
                                        std::string_view path, std::string_view body) {
  std::string material;
  material.reserve(method.size() + path.size() + body.size() + 2);
  material.append(method).append("\n").append(path).append("\n").append(body);
  return {std::move(scope), std::move(key), crypto::Sha256Hex(material)};
}

Result<std::optional<StoredReply>> Idempotency::Lookup(const IdempotencyClaim& claim) const {
  std::optional<domain::IdempotencyRecord> record;
  BB_RETURN_IF_ERROR(store_.Read([&](store::Queries& q) -> Status {
    BB_ASSIGN_OR_RETURN(record, q.FindIdempotencyRecord(claim.scope, claim.key));
    return Ok();
  }));
  if (!record || record->expires_at <= clock_.Now()) return std::optional<StoredReply>();
  if (!crypto::ConstantTimeEquals(record->fingerprint, claim.fingerprint)) {
    return Error::InvalidField(std::string(kField),
                               "was already used for a different request; use a new key for a new request");
  }
  return std::optional<StoredReply>(StoredReply{record->status, record->body, record->location});
}

Status Idempotency::Record(store::Tx& tx, const IdempotencyClaim& claim, const StoredReply& reply) const {
  Timestamp now = clock_.Now();
  domain::IdempotencyRecord record{claim.scope,    claim.key, claim.fingerprint, reply.status, reply.body,
                                   reply.location, now,       now + ttl_};
  Status inserted = tx.InsertIdempotencyRecord(record);
  if (inserted.ok() || inserted.error().code() != ErrorCode::kConflict) return inserted;
  // Taken: by an expired record (purge and retry) or by a concurrent request (let it win).
  BB_ASSIGN_OR_RETURN(auto existing, tx.FindIdempotencyRecord(claim.scope, claim.key));
  if (existing && existing->expires_at <= now) {
    BB_RETURN_IF_ERROR(tx.DeleteExpiredIdempotencyRecords(now));
    return tx.InsertIdempotencyRecord(record);
  }
  return Error(ErrorCode::kConflict, "A request with this Idempotency-Key completed first.",
               {{std::string(kField), "was used by a concurrent request"}});
}

Result<std::int64_t> Idempotency::PurgeExpired() {
  std::int64_t removed = 0;
  BB_RETURN_IF_ERROR(store_.Write([&](store::Tx& tx) -> Status {
    BB_ASSIGN_OR_RETURN(removed, tx.DeleteExpiredIdempotencyRecords(clock_.Now()));
    return Ok();
  }));
  return removed;
}

}  // namespace bb::service
