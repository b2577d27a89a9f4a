// Counts the instructions a benchmark retires, for comparisons that must not
// depend on the machine's load: the same binary on the same input retires
// (almost) the same instructions however busy the machine is.
//
// Two counters:
//   callgrind  valgrind's simulated CPU. Exact and repeatable to the
//              instruction (same binary and input: the same count twice), but
//              the program runs 20-50x slower. Children are traced too
//              (--trace-children=yes, one output file per process) and their
//              counts are summed, so "/bin/sh -c prog" counts prog.
//   perf       the CPU's hardware counter through perf_event_open
//              (PERF_COUNT_HW_INSTRUCTIONS, user space only, inherited by
//              every descendant). Full speed; counts vary by a little from run
//              to run (interrupts, page faults). Needs a PMU: many VMs have
//              none.
#pragma once

#include <cstdint>
#include <string>

#include "collect/process.hpp"

namespace perfgate {

enum class InstructionCounter { callgrind, perf };

// "callgrind" or "perf".
const char* instruction_counter_name(InstructionCounter how);

// "" when the counter is usable here; else one line saying why and what to do:
//   "valgrind is not installed; install it with: apt-get install valgrind"
//   "perf_event_open(PERF_COUNT_HW_INSTRUCTIONS) is not supported here
//    (ENOENT: no hardware counters in this VM); use --counter callgrind"
// The perf probe opens (and closes) a counter on perfgate itself; cheap.
std::string instruction_counter_unavailable(InstructionCounter how);

// perf when usable here, else callgrind (which may be unavailable too: ask
// instruction_counter_unavailable).
InstructionCounter default_instruction_counter();

struct InstructionCount {
  bool ok = false;
  std::uint64_t instructions = 0;  // user-space instructions, all processes summed
  // When !ok, one line: "the process failed: exited with status 3",
  // "valgrind failed: ...", "the instruction counter could not be read: ...".
  std::string failure;
  // The child's own result. Under callgrind wall, user and system time are
  // those of the program running on valgrind's simulator (20-50x inflated),
  // and peak RSS includes valgrind's own memory: never use them as timings.
  ProcessResult process;
};

// Runs the command once under the counter. Never throws for anything the
// child does; blocks until the child is reaped. Under callgrind the spec's
// time-out applies to the slowed-down run, so callers may want to scale it.
InstructionCount count_instructions(const ProcessSpec& spec, InstructionCounter how);

}  // namespace perfgate
