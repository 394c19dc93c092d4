// Writing output files atomically: the content goes to a temporary file in the same folder,
// is flushed, and is then renamed over the destination. A reader (or a crash) never sees a
// half-written file, and an existing file is either the old or the new version.
#pragma once

#include <string>
#include <vector>

namespace utsikt::out {

// Writes one file atomically. Creates missing parent folders. Throws InputError naming the path
// when the folder cannot be created or written.
void write_file_atomic(const std::string& path, const std::string& content);

// Writes several files so that none becomes visible before all have been written: every
// destination is checked (none may be a folder), all temporaries are written and fsynced
// first, then renamed one after another. If any write fails, no destination is touched, the
// temporaries are removed and so are folders this call created. If a rename fails, the
// destinations already renamed are restored from hard links of their old versions (or removed
// if they did not exist), so an existing output folder is never left half old, half new.
// Errors are InputError naming the path and the system's reason.
void write_files_atomic(const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace utsikt::out
