#!/usr/bin/env node
// Installs or locates the system programs the test suite needs (none yet beyond Node).
// Later issues add: chromium (browser tests), redis-server (scale-out test), Java + the Firestore
// emulator jar (Firestore store). Each is located first and installed through apt-get only when missing.
console.log('system deps: nothing required yet');
