'use strict';
// Run first by `npm install` (preinstall) and `npm start`/`npm test`: on a Node.js older than
// package.json's engines, one line that says which Node is needed and how to get it, before
// anything fails for want of it. Plain CommonJS and old syntax, so any Node can run it.
var fs = require('fs');
var path = require('path');

var root = path.join(__dirname, '..');
var floor = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).engines.node.replace(/^>=/, '');
var recommended = fs.readFileSync(path.join(root, '.nvmrc'), 'utf8').trim();

function parts(version) {
  return version.replace(/^v/, '').split('.').map(Number);
}

function older(version, than) {
  var a = parts(version);
  var b = parts(than);
  for (var i = 0; i < 3; i += 1) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

if (older(process.version, floor)) {
  console.error(
    'This project needs Node.js ' + floor + ' or later (' + recommended + ' recommended); this is ' + process.version +
      '. Get it with `nvm install` (reads .nvmrc) or from https://nodejs.org/en/download, then run npm again.'
  );
  process.exit(1);
}
