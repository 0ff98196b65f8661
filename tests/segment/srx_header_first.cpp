// Header hygiene: tmkit/srx.hpp compiles on its own, first in its file.
#include "tmkit/srx.hpp"
