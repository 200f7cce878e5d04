// Validates rendered Kubernetes manifests offline (ops/check.sh runs it on `kubectl kustomize` output):
//  1. schema: each object against the Kubernetes OpenAPI schema, through the validators that the
//     npm package kubernetes-models compiles from it (types, formats, enums, required fields);
//  2. strict: no field the API does not define (a typo such as `readinessprobe` is silently dropped
//     by the API server; JSON schemas of the API allow unknown fields, so step 1 misses it). The known
//     fields come from the same package's type declarations.
// An apiVersion/kind the package does not know is an error.
//
//   node ops/validate/validate-k8s.mjs rendered.yaml [...]
// Prints one line per object; exits 1 if any object is invalid.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import YAML from "yaml";

const require = createRequire(import.meta.url);
const modelsRoot = path.dirname(require.resolve("kubernetes-models/package.json"));
const nodeModules = path.dirname(modelsRoot);

// ---- field maps from the .d.ts declarations ---------------------------------------------------
const declCache = new Map();

function readDecl(file) {
  if (declCache.has(file)) return declCache.get(file);
  let decl = null;
  if (fs.existsSync(file)) {
    const src = fs.readFileSync(file, "utf8");
    const imports = new Map();
    for (const m of src.matchAll(/import\s*\{([^}]*)\}\s*from\s*"([^"]+)"/g)) {
      for (const name of m[1].split(",").map((s) => s.trim()).filter(Boolean)) {
        imports.set(name.split(/\s+as\s+/).pop(), m[2]);
      }
    }
    const start = src.search(/export interface I\w+(\s+extends\s+[\w, ]+)?\s*\{/);
    if (start >= 0) {
      const open = src.indexOf("{", start);
      let depth = 0;
      let end = open;
      for (; end < src.length; end++) {
        if (src[end] === "{") depth++;
        else if (src[end] === "}" && --depth === 0) break;
      }
      decl = { file, imports, props: parseProps(src.slice(open + 1, end)) };
    }
  }
  declCache.set(file, decl);
  return decl;
}

// `"name"?: TYPE;` entries at the top level of an interface body (TYPE may contain { } over lines).
function parseProps(body) {
  const props = new Map();
  let i = 0;
  while (i < body.length) {
    const m = /"([^"]+)"\??\s*:\s*/y;
    m.lastIndex = i;
    const hit = m.exec(body);
    if (!hit) {
      // skip comments / whitespace / anything else up to the next quote at this level
      const next = body.indexOf('"', i + 1);
      if (next < 0) break;
      i = body[i] === '"' ? next : next;
      if (body[i] !== '"') break;
      continue;
    }
    let j = m.lastIndex;
    let depth = 0;
    for (; j < body.length; j++) {
      const c = body[j];
      if (c === "{" || c === "<" || c === "(") depth++;
      else if (c === "}" || c === ">" || c === ")") depth--;
      else if (c === ";" && depth === 0) break;
    }
    props.set(hit[1], body.slice(m.lastIndex, j).trim());
    i = j + 1;
  }
  return props;
}

function resolveImport(fromFile, spec) {
  const base = spec.replace(/\.js$/, "");
  const p = spec.startsWith(".") ? path.resolve(path.dirname(fromFile), base) : path.join(nodeModules, base);
  return p + ".d.ts";
}

// Walks `value` against the declaration of type `typeStr` as seen from `decl`; reports unknown fields.
function walk(value, typeStr, decl, at, errors) {
  if (value === null || value === undefined) return;
  typeStr = typeStr.trim();
  let m;
  if ((m = /^Array<([\s\S]+)>$/.exec(typeStr))) {
    if (Array.isArray(value)) value.forEach((v, k) => walk(v, m[1], decl, `${at}[${k}]`, errors));
    return;
  }
  if ((m = /^\{\s*\[key: string\]:\s*([\s\S]+?);?\s*\}$/.exec(typeStr))) {
    if (typeof value === "object" && !Array.isArray(value)) {
      for (const [k, v] of Object.entries(value)) walk(v, m[1], decl, `${at}.${k}`, errors);
    }
    return;
  }
  if (/^I\w+$/.test(typeStr) && decl.imports.has(typeStr)) {
    const target = readDecl(resolveImport(decl.file, decl.imports.get(typeStr)));
    if (target) checkObject(value, target, at, errors, typeStr);
  }
}

function checkObject(value, decl, at, errors, typeName) {
  if (typeof value !== "object" || Array.isArray(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (!decl.props.has(k)) {
      errors.push(`${at}.${k}: unknown field (not in ${typeName.replace(/^II?oK8s/, "")})`);
      continue;
    }
    walk(v, decl.props.get(k), decl, `${at}.${k}`, errors);
  }
}

// ---- per object ----------------------------------------------------------------------------
async function modelFor(apiVersion, kind) {
  const dir = apiVersion.includes("/") ? apiVersion : `v1`;
  try {
    const mod = await import(`kubernetes-models/${dir}/${kind}`);
    const declFile = path.join(modelsRoot, dir, `${kind}.d.ts`);
    return { Model: mod[kind], decl: readDecl(declFile) };
  } catch {
    return null;
  }
}

let bad = 0;
let count = 0;
for (const file of process.argv.slice(2)) {
  const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
  for (const doc of docs) {
    if (doc.errors.length) {
      console.log(`FAIL ${file}: YAML: ${doc.errors[0].message}`);
      bad++;
      continue;
    }
    const obj = doc.toJS();
    if (obj === null) continue;
    count++;
    const id = `${obj.kind}/${obj.metadata?.name}`;
    const found = obj.apiVersion && obj.kind ? await modelFor(obj.apiVersion, obj.kind) : null;
    if (!found || !found.Model || !found.decl) {
      console.log(`FAIL ${path.basename(file)} ${id}: unknown apiVersion/kind ${obj.apiVersion} ${obj.kind}`);
      bad++;
      continue;
    }
    const errors = [];
    try {
      new found.Model(obj).validate();
    } catch (e) {
      errors.push(...String(e.message).split(/,\s*(?=data)/).map((s) => `schema: ${s}`));
    }
    checkObject(obj, found.decl, "", errors, obj.kind);
    if (errors.length) {
      bad++;
      console.log(`FAIL ${path.basename(file)} ${obj.apiVersion} ${id}`);
      for (const e of errors) console.log(`       ${e}`);
    } else {
      console.log(`ok   ${path.basename(file)} ${obj.apiVersion} ${id}`);
    }
  }
}
console.log(`${count} objects, ${bad} invalid`);
process.exit(bad ? 1 : 0);
