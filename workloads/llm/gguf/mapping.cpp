#include "mapping.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace llm::gguf_detail {
namespace {

[[noreturn]] void fail(int error, const std::string& path, const char* what) {
  throw std::system_error(error, std::generic_category(), path + ": " + what);
}

// Closes the descriptor on every path out (the mapping outlives it).
struct Descriptor {
  int fd;
  ~Descriptor() { ::close(fd); }
};

}  // namespace

Mapping::Mapping(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) fail(errno, path, "cannot open the model file");
  const Descriptor guard{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) fail(errno, path, "cannot read the file's size");
  if (!S_ISREG(st.st_mode))
    fail(S_ISDIR(st.st_mode) ? EISDIR : EINVAL, path,
         "not a regular file; give the path of a .gguf file");
  size_bytes_ = static_cast<std::size_t>(st.st_size);
  if (size_bytes_ == 0) return;
  void* p = ::mmap(nullptr, size_bytes_, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) fail(errno, path, "cannot map the file into memory");
  data_ = static_cast<const std::byte*>(p);
}

Mapping::~Mapping() {
  if (data_ != nullptr) ::munmap(const_cast<std::byte*>(data_), size_bytes_);
}

}  // namespace llm::gguf_detail
