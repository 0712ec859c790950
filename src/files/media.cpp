#include "files/media.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vips/vips8>

#include "common/text.hpp"
#include "security/crypto.hpp"

namespace ratusz::files {
namespace {

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string LowerExtension(std::string_view name) {
  const auto dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return {};
  }
  std::string ext(name.substr(dot + 1));
  for (auto& c : ext) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return ext;
}

// The bytes of a VipsBlob, released when this goes out of scope.
class Blob {
 public:
  explicit Blob(VipsBlob* blob) : blob_(blob) {}
  Blob(const Blob&) = delete;
  Blob& operator=(const Blob&) = delete;
  ~Blob() {
    if (blob_ != nullptr) {
      vips_area_unref(VIPS_AREA(blob_));
    }
  }
  std::string_view bytes() const {
    std::size_t length = 0;
    const void* data = vips_blob_get(blob_, &length);
    return {static_cast<const char*>(data), length};
  }

 private:
  VipsBlob* blob_;
};

// A shrunken, upright copy of the photo as JPEG with no metadata at all.
std::string Jpeg(VipsBlob* source, int size) {
  vips::VImage image = vips::VImage::thumbnail_buffer(
      source, size, vips::VImage::option()->set("height", size)->set("size", VIPS_SIZE_DOWN));
  Blob out(image.jpegsave_buffer(vips::VImage::option()->set("Q", 85)->set("strip", true)));
  return std::string(out.bytes());
}

}  // namespace

Status InitializeImages(const char* program) {
  if (VIPS_INIT(program) != 0) {
    return MakeError(ErrorCode::kInternal, std::string("libvips: ") + vips_error_buffer());
  }
  // Loaders that are not safe for files from strangers (ImageMagick, MATLAB, ...) stay off;
  // no operation cache (every photo is new); two worker threads at most per photo.
  vips_block_untrusted_set(TRUE);
  vips_cache_set_max(0);
  vips_concurrency_set(2);
  return {};
}

void ShutdownImages() { vips_shutdown(); }

std::string SniffContentType(std::string_view b, std::string_view name) {
  if (StartsWith(b, "\xFF\xD8\xFF")) {
    return "image/jpeg";
  }
  if (StartsWith(b, "\x89PNG\r\n\x1A\n")) {
    return "image/png";
  }
  if (b.size() >= 12 && StartsWith(b, "RIFF") && b.substr(8, 4) == "WEBP") {
    return "image/webp";
  }
  if (StartsWith(b, "GIF87a") || StartsWith(b, "GIF89a")) {
    return "image/gif";
  }
  if (b.size() >= 12 && b.substr(4, 4) == "ftyp" &&
      (b.substr(8, 4) == "heic" || b.substr(8, 4) == "heix" || b.substr(8, 4) == "mif1")) {
    return "image/heif";
  }
  if (StartsWith(b, "%PDF-")) {
    return "application/pdf";
  }
  if (StartsWith(b, std::string_view("II*\0", 4)) || StartsWith(b, std::string_view("MM\0*", 4))) {
    return "image/tiff";  // Faxes: kept as they came, as a document (never decoded here).
  }
  if (StartsWith(b, "PK\x03\x04")) {
    // Zip containers are documents only under an office document's name.
    const std::string ext = LowerExtension(name);
    if (ext == "odt") return "application/vnd.oasis.opendocument.text";
    if (ext == "ods") return "application/vnd.oasis.opendocument.spreadsheet";
    if (ext == "docx") {
      return "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    }
    if (ext == "xlsx") {
      return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }
    return {};
  }
  const std::string ext = LowerExtension(name);
  if ((ext == "txt" || ext == "csv") && IsValidUtf8(b) && b.find('\0') == std::string_view::npos) {
    return ext == "csv" ? "text/csv" : "text/plain";
  }
  return {};
}

std::string MediaFiles::PathOf(std::string_view sha256, bool thumbnail) const {
  return root_ + "/" + std::string(sha256.substr(0, 2)) + "/" + std::string(sha256) +
         (thumbnail ? ".thumb" : "");
}

Status MediaFiles::WriteDurably(const std::string& path, std::string_view bytes) const {
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return MakeError(ErrorCode::kUnavailable,
                     "cannot create " + dir.string() + ": " + ec.message());
  }
  if (std::filesystem::exists(path, ec)) {
    return {};  // Named by its content: the same file is already there.
  }
  const std::string temp = path + ".tmp" + std::to_string(::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0640);
  if (fd < 0) {
    return MakeError(ErrorCode::kUnavailable, "cannot write " + temp);
  }
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n <= 0) {
      ::close(fd);
      ::unlink(temp.c_str());
      return MakeError(ErrorCode::kUnavailable, "cannot write " + temp + " (disk full?)");
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || ::rename(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    return MakeError(ErrorCode::kUnavailable, "cannot store " + path);
  }
  // The new name must survive a crash too.
  if (const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dfd >= 0) {
    ::fsync(dfd);
    ::close(dfd);
  }
  return {};
}

Result<app::StoredMedia> MediaFiles::Put(std::string_view bytes, std::string_view name) {
  if (bytes.empty()) {
    return MakeError(ErrorCode::kInvalidArgument, "the file is empty");
  }
  if (bytes.size() > limits_.max_bytes) {
    return MakeError(ErrorCode::kResourceExhausted,
                     "the file is larger than " + std::to_string(limits_.max_bytes) + " bytes");
  }
  const std::string type = SniffContentType(bytes, name);
  if (type.empty()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "accepted are photos (JPEG, PNG, WebP, GIF, HEIF) and documents (PDF, TIFF "
                     "faxes, text, CSV, OpenDocument, Word/Excel .docx/.xlsx)",
                     "file");
  }
  app::StoredMedia m;
  std::string stored;
  std::string thumbnail;
  if (type.rfind("image/", 0) == 0 && type != "image/tiff") {
    // vips reads from this memory without copying; it outlives every image made from it.
    VipsBlob* source = vips_blob_new(nullptr, bytes.data(), bytes.size());
    try {
      const vips::VImage header = vips::VImage::new_from_buffer(
          bytes.data(), bytes.size(), "",
          vips::VImage::option()->set("access", VIPS_ACCESS_SEQUENTIAL));
      const std::int64_t pixels = std::int64_t{header.width()} * header.height();
      if (pixels > limits_.max_pixels) {
        vips_area_unref(VIPS_AREA(source));
        return MakeError(ErrorCode::kInvalidArgument,
                         "the picture has " + std::to_string(pixels / 1'000'000) +
                             " megapixels; at most " +
                             std::to_string(limits_.max_pixels / 1'000'000) + " are accepted",
                         "file");
      }
      stored = Jpeg(source, limits_.photo_size);
      thumbnail = Jpeg(source, limits_.thumbnail_size);
      const vips::VImage out = vips::VImage::new_from_buffer(stored.data(), stored.size(), "");
      m.width = out.width();
      m.height = out.height();
    } catch (const vips::VError&) {
      vips_area_unref(VIPS_AREA(source));
      vips_error_clear();
      return MakeError(ErrorCode::kInvalidArgument,
                       "the picture cannot be read (damaged or not what its first bytes say)",
                       "file");
    }
    vips_area_unref(VIPS_AREA(source));
    m.kind = "photo";
    m.content_type = "image/jpeg";
  } else {
    stored = std::string(bytes);
    m.kind = "document";
    m.content_type = type;
  }
  m.sha256 = security::Sha256Hex(stored);
  m.bytes = static_cast<std::int64_t>(stored.size());
  if (!thumbnail.empty()) {
    if (auto s = WriteDurably(PathOf(m.sha256, true), thumbnail); !s) {
      return s.error();
    }
  }
  if (auto s = WriteDurably(PathOf(m.sha256, false), stored); !s) {
    return s.error();
  }
  return m;
}

Result<std::string> MediaFiles::Get(std::string_view sha256, bool thumbnail) {
  if (sha256.size() != 64 || sha256.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return MakeError(ErrorCode::kNotFound, "no such file");
  }
  std::ifstream in(PathOf(sha256, thumbnail), std::ios::binary);
  if (!in) {
    return MakeError(ErrorCode::kNotFound,
                     thumbnail ? "no thumbnail for this file" : "no such file");
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace ratusz::files
