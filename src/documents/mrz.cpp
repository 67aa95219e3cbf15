#include "documents/mrz.hpp"
