# libFuzzer targets of the robustness work: csv_fuzz, number_fuzz, project_fuzz, batch_fuzz,
# toml_fuzz (see
# docs/bad-inputs.md, "Fuzzing"). Included from the top-level CMakeLists.txt when UTSIKT_FUZZ=ON
# (tests/fuzz/CMakeLists.txt, if present, holds the importers' targets).
#
# These targets link the whole utsikt_lib, whose layers are therefore instrumented for coverage here
# (-fsanitize=fuzzer-no-link). Together with UTSIKT_SANITIZE=ON one clang build serves both the
# ASan/UBSan test suite and the fuzzers (scripts/test.sh does exactly that).
if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "UTSIKT_FUZZ=ON needs clang: configure with CC=clang CXX=clang++")
endif()
foreach(layer utsikt_core utsikt_models utsikt_io utsikt_engine utsikt_scenarios utsikt_outputs)
  target_compile_options(${layer} PRIVATE -fsanitize=fuzzer-no-link)
endforeach()
foreach(target csv_fuzz number_fuzz project_fuzz batch_fuzz toml_fuzz)
  add_executable(${target} ${CMAKE_CURRENT_LIST_DIR}/${target}.cpp)
  target_link_libraries(${target} PRIVATE utsikt_lib)
  target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_LIST_DIR})
  target_compile_definitions(${target} PRIVATE UTSIKT_SOURCE_DIR="${PROJECT_SOURCE_DIR}")
  target_compile_options(${target} PRIVATE -fsanitize=fuzzer-no-link,address,undefined
    -fno-omit-frame-pointer)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
endforeach()
