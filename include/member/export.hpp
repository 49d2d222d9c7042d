// Symbol visibility for the member library.
//
// The library is built with -fvisibility=hidden; only declarations marked
// MEMBER_EXPORT are part of its binary interface. Define MEMBER_STATIC when
// linking the static library (the installed CMake package does this for you).
#pragma once

#if defined(MEMBER_STATIC)
#define MEMBER_EXPORT
#elif defined(_WIN32)
#if defined(MEMBER_BUILDING)
#define MEMBER_EXPORT __declspec(dllexport)
#else
#define MEMBER_EXPORT __declspec(dllimport)
#endif
#else
#define MEMBER_EXPORT __attribute__((visibility("default")))
#endif
