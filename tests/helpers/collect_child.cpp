// A child process for the collect tests: each mode misbehaves in one way that
// run_process must measure or contain.
//
//   collect_child sleep SECONDS [PIDFILE]  writes its pid, forks a sleeping child, sleeps
//   collect_child exit STATUS              exits with STATUS
//   collect_child print BYTES              writes BYTES bytes to stdout
//   collect_child orphan PIDFILE           forks a child that sleeps 30 s, writes the
//                                          child's pid, exits 0 at once
//   collect_child crash segv|abort         dies of that signal (no core dump)
//   collect_child alloc MIB                touches MIB MiB of memory, prints a checksum
//   collect_child burn MS                  spends MS ms of CPU time, prints a count
//   collect_child env NAME                 prints its working folder and $NAME, one a line
#include <signal.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

void write_pid(const char* path, pid_t pid) {
  std::string tmp = std::string(path) + ".tmp";
  FILE* f = std::fopen(tmp.c_str(), "w");
  if (!f) std::exit(90);
  std::fprintf(f, "%d\n", static_cast<int>(pid));
  std::fclose(f);
  std::rename(tmp.c_str(), path);  // the reader never sees half a number
}

double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: collect_child MODE ARG [PIDFILE]\n");
    return 2;
  }
  std::string mode = argv[1];
  const char* arg = argv[2];

  if (mode == "sleep") {
    if (argc > 3) write_pid(argv[3], getpid());
    if (fork() == 0) sleep(static_cast<unsigned>(std::atoi(arg)));  // a straggler
    sleep(static_cast<unsigned>(std::atoi(arg)));
    return 0;
  }
  if (mode == "exit") return std::atoi(arg);
  if (mode == "print") {
    long long left = std::atoll(arg);
    std::vector<char> chunk(65536, 'x');
    while (left > 0) {
      ssize_t n = write(1, chunk.data(), static_cast<size_t>(std::min<long long>(left, 65536)));
      if (n <= 0) return 1;
      left -= n;
    }
    return 0;
  }
  if (mode == "orphan") {
    pid_t child = fork();
    if (child == 0) {
      sleep(30);
      _exit(0);
    }
    write_pid(arg, child);
    std::printf("forked %d\n", static_cast<int>(child));
    return 0;
  }
  if (mode == "crash") {
    prctl(PR_SET_DUMPABLE, 0);  // no core file, no crash reporter
    int sig = std::strcmp(arg, "abort") == 0 ? SIGABRT : SIGSEGV;
    signal(sig, SIG_DFL);  // a sanitizer runtime may have installed a handler
    raise(sig);
    return 1;
  }
  if (mode == "alloc") {
    std::size_t bytes = static_cast<std::size_t>(std::atoll(arg)) << 20;
    auto* memory = static_cast<volatile char*>(std::malloc(bytes));
    if (!memory) return 1;
    for (std::size_t i = 0; i < bytes; i += 4096) memory[i] = static_cast<char>(i >> 12);
    long sum = 0;
    for (std::size_t i = 0; i < bytes; i += 4096) sum += memory[i];
    std::printf("checksum %ld\n", sum);
    std::free(const_cast<char*>(memory));
    return 0;
  }
  if (mode == "burn") {
    double until = cpu_seconds() + std::atof(arg) / 1000.0;
    volatile unsigned long count = 0;
    while (cpu_seconds() < until)
      for (int i = 0; i < 10000; ++i) count = count + 1;
    std::printf("count %lu\n", static_cast<unsigned long>(count));
    return 0;
  }
  if (mode == "env") {
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd)) return 1;
    const char* value = std::getenv(arg);
    std::printf("%s\n%s\n", cwd, value ? value : "(unset)");
    return 0;
  }
  std::fprintf(stderr, "collect_child: unknown mode '%s'\n", mode.c_str());
  return 2;
}
