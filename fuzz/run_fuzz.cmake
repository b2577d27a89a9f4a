# One ctest fuzz run (fuzz/CMakeLists.txt registers it as fuzz.<format>):
#   cmake -DFUZZER=<fuzz_gbench> -DFORMAT=gbench -DFOLDER=OFF -DSOURCE_DIR=<repo>
#         -DWORK_DIR=<build>/fuzz -DSECONDS=15 -P run_fuzz.cmake
#
# Runs the fuzzer for SECONDS on the build-tree corpus <WORK_DIR>/corpus/<format>
# (the only folder libFuzzer writes new inputs to), seeded read-only from
# tests/fixtures/<format>/ and fuzz/seeds/<format>/. A finding (crash, hang,
# out-of-memory, sanitizer report) fails the test and is kept as
# <WORK_DIR>/findings/<format>/<kind>-<sha1>, whose path is printed with the
# command that reproduces it.

foreach(v FUZZER FORMAT SOURCE_DIR WORK_DIR SECONDS)
  if(NOT DEFINED ${v})
    message(FATAL_ERROR "run_fuzz.cmake: -D${v}=... is missing")
  endif()
endforeach()
# What is fuzzed, for the failure message (-DSUBJECT=...; an adapter by default).
if(NOT DEFINED SUBJECT)
  set(SUBJECT "${FORMAT} adapter")
endif()
if(NOT EXISTS ${FUZZER})
  message(FATAL_ERROR "${FUZZER} is not built; build the project first (cmake --build)")
endif()

set(corpus ${WORK_DIR}/corpus/${FORMAT})
set(findings ${WORK_DIR}/findings/${FORMAT})
file(MAKE_DIRECTORY ${corpus} ${findings})

# Folder inputs are unpacked into a fresh folder per input: in memory (/dev/shm)
# where there is one, six times faster than on disk; else in the build tree.
set(tmp "")
if(FOLDER)
  string(SHA1 tree_id "${WORK_DIR}")
  string(SUBSTRING ${tree_id} 0 12 tree_id)
  set(tmp /dev/shm/perfgate-fuzz-${tree_id}-${FORMAT})
  file(REMOVE_RECURSE ${tmp})  # what a crashed run left unpacked
  execute_process(COMMAND ${CMAKE_COMMAND} -E make_directory ${tmp}
                  RESULT_VARIABLE shm_rc OUTPUT_QUIET ERROR_QUIET)
  if(NOT shm_rc EQUAL 0)
    set(tmp ${WORK_DIR}/tmp/${FORMAT})
    file(REMOVE_RECURSE ${tmp})
    file(MAKE_DIRECTORY ${tmp})
  endif()
  set(ENV{TMPDIR} ${tmp})
endif()

# Read-only seed folders. The detect target gets every fixture of every format.
set(fixtures ${SOURCE_DIR}/tests/fixtures)
set(seed_dirs)
if(FORMAT STREQUAL "detect")
  foreach(d ${fixtures} ${SOURCE_DIR}/fuzz/seeds)
    if(IS_DIRECTORY ${d})
      list(APPEND seed_dirs ${d})
    endif()
  endforeach()
else()
  string(REPLACE "-" "_" underscored ${FORMAT})
  foreach(d ${fixtures}/${FORMAT} ${fixtures}/${underscored})
    if(IS_DIRECTORY ${d})
      list(APPEND seed_dirs ${d})
    endif()
  endforeach()
  list(REMOVE_DUPLICATES seed_dirs)
endif()

# Folder formats (criterion) take a packed folder (fuzz/folder_image.hpp): every
# fixture folder, at every depth, becomes one packed seed of the files below it,
# so whichever level the adapter reads as its root is among the seeds.
if(FOLDER)
  set(packed ${WORK_DIR}/seeds/${FORMAT})
  file(REMOVE_RECURSE ${packed})
  file(MAKE_DIRECTORY ${packed})
  foreach(top IN LISTS seed_dirs)
    file(GLOB_RECURSE dirs LIST_DIRECTORIES true ${top}/*)
    set(roots ${top})
    foreach(d IN LISTS dirs)
      if(IS_DIRECTORY ${d})
        list(APPEND roots ${d})
      endif()
    endforeach()
    foreach(root IN LISTS roots)
      file(GLOB_RECURSE files LIST_DIRECTORIES false RELATIVE ${root} ${root}/*)
      list(LENGTH files count)
      if(count EQUAL 0 OR count GREATER 64)
        continue()
      endif()
      list(SORT files)
      string(SHA1 id "${root}")
      set(seed ${packed}/seed-${id})
      file(WRITE ${seed} "")
      foreach(f IN LISTS files)
        file(SIZE ${root}/${f} size)
        if(size GREATER 262144)
          continue()
        endif()
        file(READ ${root}/${f} bytes)
        file(APPEND ${seed} "=== ${f}\n${bytes}\n")
      endforeach()
    endforeach()
  endforeach()
  set(seed_dirs ${packed})
endif()
if(IS_DIRECTORY ${SOURCE_DIR}/fuzz/seeds/${FORMAT})
  list(APPEND seed_dirs ${SOURCE_DIR}/fuzz/seeds/${FORMAT})
endif()
if(NOT seed_dirs)
  message(STATUS "fuzz.${FORMAT}: no seeds (no tests/fixtures/${FORMAT}/); fuzzing from nothing")
endif()

file(GLOB before ${findings}/*)
# Stack traces with file:line: llvm-symbolizer when installed, else binutils' addr2line.
set(ENV{ASAN_OPTIONS} "allow_addr2line=1:$ENV{ASAN_OPTIONS}")
set(ENV{UBSAN_OPTIONS} "print_stacktrace=1:halt_on_error=1:allow_addr2line=1:$ENV{UBSAN_OPTIONS}")
# A fixed seed by default, so that a test run explores the same inputs on
# every machine (as far as its speed allows) and a failure can be replayed;
# PERFGATE_FUZZ_SEED=0 asks libFuzzer for a fresh random seed.
set(seed 1)
if(DEFINED ENV{PERFGATE_FUZZ_SEED})
  set(seed $ENV{PERFGATE_FUZZ_SEED})
endif()
execute_process(
  COMMAND ${FUZZER}
    -seed=${seed} -max_total_time=${SECONDS} -timeout=10 -rss_limit_mb=2048
    -artifact_prefix=${findings}/ -print_final_stats=1
    ${corpus} ${seed_dirs}
  RESULT_VARIABLE rc)
if(tmp)
  file(REMOVE_RECURSE ${tmp})
endif()
file(GLOB after ${findings}/*)
if(before)
  list(REMOVE_ITEM after ${before})
endif()

if(NOT rc EQUAL 0)
  set(how "")
  foreach(f IN LISTS after)
    string(APPEND how "\n  ${f}\n    reproduce: ${FUZZER} ${f}")
  endforeach()
  if(NOT after)
    set(how "\n  (no input was saved; see the fuzzer's output above)")
  endif()
  message(FATAL_ERROR "fuzz.${FORMAT}: the fuzzer found an input the ${SUBJECT} does not "
                      "handle (exit ${rc}); it is saved as:${how}\n"
                      "fuzz/README.md says how to debug it.")
endif()
message(STATUS "fuzz.${FORMAT}: no finding in ${SECONDS} s; corpus ${corpus}")
