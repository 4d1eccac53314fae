#pragma once
// The rewards catalogue (domain/catalog.h): each program's items and the redemptions advocates make.
// Part of the storage port (store/store.h): what every backend must provide for this area.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "domain/catalog.h"

namespace bb::store {

// Which redemptions to list: every filter given must match; newest first, before `before_id`.
struct RedemptionQuery {
  std::string program_id;  // "" for every program
  std::string advocate_id;
  std::optional<domain::RedemptionStatus> status;
  std::string enrolled_by;  // only redemptions of advocates this user or key enrolled
  std::string before_id;
  int limit = 50;
};

// Reads of this area (see store::Queries for the contract common to all reads).
class CatalogReads {
 public:
  virtual ~CatalogReads() = default;

  // The program's items in id order; retired ones only with `include_retired`.
  virtual Result<std::vector<domain::CatalogItem>> ListCatalogItems(std::string_view program_id,
                                                                    bool include_retired) = 0;
  virtual Result<std::optional<domain::CatalogItem>> FindCatalogItem(std::string_view id) = 0;
  // How many redemptions of the item are not rejected or cancelled: all of them (advocate_id ""),
  // or one advocate's.
  virtual Result<std::int64_t> CountLiveRedemptions(std::string_view item_id, std::string_view advocate_id) = 0;
  // How many redemptions of the item are backordered (waiting for stock).
  virtual Result<std::int64_t> CountBackorders(std::string_view item_id) = 0;
  virtual Result<std::optional<domain::Redemption>> FindRedemption(std::string_view id) = 0;
  virtual Result<std::vector<domain::Redemption>> ListRedemptions(const RedemptionQuery& query) = 0;
};

// Writes of this area (see store::Tx for the contract common to all writes).
class CatalogWrites {
 public:
  virtual ~CatalogWrites() = default;

  virtual Status InsertCatalogItem(const domain::CatalogItem& item) = 0;
  // Every field but id, program_id and created_at.
  virtual Status UpdateCatalogItem(const domain::CatalogItem& item) = 0;
  virtual Status InsertRedemption(const domain::Redemption& redemption) = 0;
  // Its status, from_stock, reference, note, updated_at and decided_by.
  virtual Status UpdateRedemption(const domain::Redemption& redemption) = 0;
};

}  // namespace bb::store
