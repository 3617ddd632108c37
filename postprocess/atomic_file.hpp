// Write-then-rename (DESIGN.md §9): a run killed while writing leaves at most a stray
// "<name>.part", never a truncated file under the real name that looks whole.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace rackflow::post {

// The temporary name used while `target` is being written: same directory, so the final
// rename stays within one file system and is atomic.
std::filesystem::path part_path(const std::filesystem::path& target);

// Calls writer(tmp) to produce the file at tmp, then renames tmp over `target`. If the
// writer throws or the rename fails, tmp is removed and the exception propagates; an
// existing `target` is then left untouched. No fsync: this guards against a killed
// process, not against a power cut.
void write_file_atomically(const std::filesystem::path& target,
                           const std::function<void(const std::filesystem::path& tmp)>& writer);

// Writes `contents` byte for byte; throws std::runtime_error naming the file on I/O errors.
void write_file_atomically(const std::filesystem::path& target, const std::string& contents);

// Removes the temporary file being written at this moment, if any. Async-signal-safe (it
// reads a fixed buffer and calls unlink), so a signal handler that ends the process at
// once can call it and leave no ".part" behind. Paths longer than the buffer (4 KiB) are
// not registered.
void unlink_current_part() noexcept;

}  // namespace rackflow::post
