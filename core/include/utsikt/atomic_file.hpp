// Writing output files as one transaction: every file of a command is first written (and
// fsynced) into a staging folder `.utsikt-txn-PID-N` next to the outputs; a journal listing the
// destinations is then made durable (the commit point) and the staged files are renamed over
// the destinations. A run interrupted before the commit point leaves the old files; one
// interrupted after it is completed by the next write into the same folder (the journal is
// replayed), so an output folder is only ever seen as the complete old or the complete new set
// once the next run has started, and no temporary files survive it.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace utsikt::out {

// Writes one file (see write_files_atomic).
void write_file_atomic(const std::string& path, const std::string& content);

// Writes several files as one transaction. Every destination is checked first: it may not
// exist, or be a regular file (not a folder, device, FIFO, socket or symbolic link), and it may
// not be one of the files this process has read as input (same device and inode; see
// protect_inputs). Missing folders are created (and removed again on failure). If any write
// fails, no destination is touched and the staging folder is removed; if a rename fails, the
// destinations already replaced are restored from hard links of their old versions.
// While an OutputBatch is open, the files are added to it instead and written by its commit().
// Errors are InputError naming the path and the system's reason.
void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files);

// The check write_files_atomic makes of every destination, for writers that stream a large file
// themselves (utsikt forecast): throws InputError unless `path` is new or a regular file that is
// not one of the protected inputs.
void check_output_destination(const std::string& path);

// A fresh name `.utsikt-txn-PID-N` for a staging folder (unique within the process): a folder of
// that name left by a process that no longer runs is removed by recover_interrupted.
std::string staging_folder_name();

// Collects every write_files_atomic of a command into one transaction (one per process at a
// time). The destructor without commit() discards the collected files.
class OutputBatch {
 public:
  OutputBatch();
  ~OutputBatch();
  OutputBatch(const OutputBatch&) = delete;
  OutputBatch& operator=(const OutputBatch&) = delete;
  // Writes every file collected since construction as one transaction.
  void commit();
  // Used by write_files_atomic while this batch is open.
  void add(const std::vector<std::pair<std::string, std::string>>& files);

 private:
  std::vector<std::pair<std::string, std::string>> files_;
  OutputBatch* previous_;
};

// Completes (journal present: roll forward) or removes (no journal: roll back) every staging
// folder `.utsikt-txn-PID-N` in `folder` left by a process that is no longer running.
// write_files_atomic calls it for the folders it writes to.
void recover_interrupted(const std::string& folder);

// Input protection. Once enabled (the CLI does so), every file read through read_text_file or
// the table importer is remembered by device and inode, and an output that is one of them is
// refused. Off by default so that library users and tests may rewrite their inputs.
void protect_inputs(bool on);
void note_input_file(const std::string& path);

// Signals. The CLI installs handlers for SIGINT/SIGTERM that call on_signal(): outside a
// transaction it returns false (the handler then exits at once: nothing is half written);
// inside one it records the signal and returns true, and the writer stops at its next step:
// before the commit point it removes its staging folder and throws Interrupted (old files kept),
// after it the commit is completed first (new files complete) and then Interrupted is thrown.
// Async-signal-safe.
bool on_signal(int sig) noexcept;

class Interrupted : public std::runtime_error {
 public:
  explicit Interrupted(int sig);
  int signal() const { return signal_; }

 private:
  int signal_;
};

}  // namespace utsikt::out
