#pragma once

// Files attached to cases: stored by their hash, and which case shows which.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/ports/callback.hpp"
#include "cases/case.hpp"
#include "common/result.hpp"

namespace ratusz::app {

struct StoredMedia {
  std::string kind;          // "photo" or "document".
  std::string content_type;  // Of what is stored (photos are stored as JPEG).
  std::string sha256;        // Hex; names the stored file.
  std::int64_t bytes = 0;
  int width = 0;  // Photos: of the stored picture.
  int height = 0;
};

// The attachment record of a stored file.
inline cases::Attachment AttachmentOf(const StoredMedia& stored, std::string name, bool is_public) {
  cases::Attachment a;
  a.kind = stored.kind;
  a.name = std::move(name);
  a.content_type = stored.content_type;
  a.sha256 = stored.sha256;
  a.bytes = stored.bytes;
  a.width = stored.width;
  a.height = stored.height;
  a.is_public = is_public;
  return a;
}

// Stores files durably (written and synced before Put returns). Thread-safe.
class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // Checks, cleans (photos lose their metadata) and stores; kInvalidArgument with a reason
  // when the file is not accepted.
  [[nodiscard]] virtual Result<StoredMedia> Put(std::string_view bytes, std::string_view name) = 0;
  // The stored bytes (or a photo's thumbnail).
  [[nodiscard]] virtual Result<std::string> Get(std::string_view sha256, bool thumbnail) = 0;
};

// Which files a case has (they are attached through CaseMutation, with their event).
class AttachmentIndex {
 public:
  virtual ~AttachmentIndex() = default;
  [[nodiscard]] virtual Result<std::vector<cases::Attachment>> ListAttachments(
      std::string_view canonical_number) = 0;
  // Whether some case shows the file with this hash to residents.
  [[nodiscard]] virtual Result<bool> IsPublicMedia(std::string_view sha256) = 0;
};

}  // namespace ratusz::app
