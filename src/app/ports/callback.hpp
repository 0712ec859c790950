#pragma once

// How the stores answer writes: `done` runs once the write is durable, or with the error that
// stopped it.

#include <functional>

namespace ratusz::app {

template <typename T>
using Callback = std::function<void(T)>;

}  // namespace ratusz::app
