#pragma once

// Files attached to cases, on disk under <data_dir>/media, named by the SHA-256 of what is
// stored (so a file is written once and never changes).
//
// Photos are decoded with libvips, turned upright, and re-encoded as JPEG without any metadata:
// the original bytes, with their EXIF location and camera data, are never stored. A 320-pixel
// thumbnail is made beside. Documents (PDF, plain text, OpenDocument, Office Open XML) are
// kept as sent. Anything else, oversized pictures (decompression bombs) and files that do not
// decode are refused with a reason.

#include <cstddef>
#include <string>
#include <string_view>

#include "app/ports.hpp"

namespace ratusz::files {

struct MediaLimits {
  std::size_t max_bytes = 16 * 1024 * 1024;
  std::int64_t max_pixels = 50'000'000;  // Width x height of a photo as sent.
  int photo_size = 2048;                 // Longest side of the stored photo.
  int thumbnail_size = 320;
};

// Must be called once before the first photo (program name for libvips); Shutdown at exit.
[[nodiscard]] Status InitializeImages(const char* program);
void ShutdownImages();

class MediaFiles final : public app::MediaStore {
 public:
  MediaFiles(std::string root, MediaLimits limits) : root_(std::move(root)), limits_(limits) {}

  Result<app::StoredMedia> Put(std::string_view bytes, std::string_view name) override;
  Result<std::string> Get(std::string_view sha256, bool thumbnail) override;

 private:
  std::string PathOf(std::string_view sha256, bool thumbnail) const;
  [[nodiscard]] Status WriteDurably(const std::string& path, std::string_view bytes) const;

  std::string root_;
  MediaLimits limits_;
};

// What the first bytes (and, for zip containers, the name) say a file is:
// "image/jpeg", "image/png", "image/webp", "image/gif", "image/heif", "application/pdf",
// "text/plain", "application/vnd.oasis.opendocument.text", ..., or empty when not accepted.
std::string SniffContentType(std::string_view bytes, std::string_view name);

}  // namespace ratusz::files
