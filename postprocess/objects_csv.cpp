#include "postprocess/objects_csv.hpp"

#include "postprocess/atomic_file.hpp"
#include "postprocess/csv_text.hpp"

namespace rackflow::post {

std::string objects_csv(const std::vector<ObjectLabel>& labels) {
  std::string out = "id,name,kind\n";
  for (const ObjectLabel& l : labels)
    out += std::to_string(l.id) + "," + csv_text(l.name) + "," + csv_text(l.kind) + "\n";
  return out;
}

void write_objects_csv(const std::vector<ObjectLabel>& labels, const std::filesystem::path& file) {
  write_file_atomically(file, objects_csv(labels));
}

}  // namespace rackflow::post
