#!/usr/bin/env node
import '../dist/wsb.js';
