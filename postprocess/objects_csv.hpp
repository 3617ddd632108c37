// objects.csv: what each object id in the field files stands for (id,name,kind), so
// ParaView and scripts can name the solids and patches they threshold on object_id.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "rackflow/snapshot.hpp"

namespace rackflow::post {

// Header "id,name,kind", one row per label in the given order, RFC 4180 quoting.
std::string objects_csv(const std::vector<ObjectLabel>& labels);

// Writes objects_csv(labels) atomically.
void write_objects_csv(const std::vector<ObjectLabel>& labels, const std::filesystem::path& file);

}  // namespace rackflow::post
