//! Synthetic specs for the scaling benchmarks: `n` operations, each with its
//! own schemas, enum, path and query parameters and a shared error body, so
//! that every stage of the generator has work proportional to `n`.

use std::fmt::Write as _;

/// A valid OpenAPI 3.0 spec with `operations` operations.
pub fn spec(operations: usize) -> String {
    let mut out = String::from(
        "openapi: 3.0.3\n\
         info:\n  title: Synthetic API\n  version: \"1.0.0\"\n  description: Generated for benchmarks.\n\
         servers:\n  - url: https://api.synthetic.example\n\
         security:\n  - bearerAuth: []\n\
         paths:\n",
    );
    for i in 0..operations {
        let _ = write!(
            out,
            "  /v1/things{i}/{{id}}:\n\
             \x20   get:\n\
             \x20     operationId: get_thing_{i}\n\
             \x20     summary: Get thing {i}\n\
             \x20     description: Reads one thing of kind {i}.\n\
             \x20     parameters:\n\
             \x20       - name: id\n\
             \x20         in: path\n\
             \x20         required: true\n\
             \x20         description: The thing.\n\
             \x20         schema:\n\
             \x20           type: string\n\
             \x20       - name: limit\n\
             \x20         in: query\n\
             \x20         required: false\n\
             \x20         description: Page size.\n\
             \x20         schema:\n\
             \x20           type: integer\n\
             \x20           format: int64\n\
             \x20       - name: state\n\
             \x20         in: query\n\
             \x20         required: false\n\
             \x20         description: Only things in this state.\n\
             \x20         schema:\n\
             \x20           $ref: \"#/components/schemas/State{i}\"\n\
             \x20     responses:\n\
             \x20       \"200\":\n\
             \x20         description: The thing.\n\
             \x20         content:\n\
             \x20           application/json:\n\
             \x20             schema:\n\
             \x20               $ref: \"#/components/schemas/Thing{i}\"\n\
             \x20       \"404\":\n\
             \x20         description: No such thing.\n\
             \x20         content:\n\
             \x20           application/json:\n\
             \x20             schema:\n\
             \x20               $ref: \"#/components/schemas/ErrorBody\"\n"
        );
    }
    out.push_str(
        "components:\n\
         \x20 securitySchemes:\n\
         \x20   bearerAuth:\n\
         \x20     type: http\n\
         \x20     scheme: bearer\n\
         \x20 schemas:\n\
         \x20   ErrorBody:\n\
         \x20     type: object\n\
         \x20     description: An error.\n\
         \x20     properties:\n\
         \x20       error:\n\
         \x20         type: string\n\
         \x20         description: What went wrong.\n",
    );
    for i in 0..operations {
        let _ = write!(
            out,
            "    State{i}:\n\
             \x20     type: string\n\
             \x20     description: The state of a thing of kind {i}.\n\
             \x20     enum: [new, active, retired]\n\
             \x20   Thing{i}:\n\
             \x20     type: object\n\
             \x20     description: A thing of kind {i}.\n\
             \x20     required: [id, name, state]\n\
             \x20     properties:\n\
             \x20       id:\n\
             \x20         type: string\n\
             \x20         description: Identifier.\n\
             \x20       name:\n\
             \x20         type: string\n\
             \x20         description: Display name.\n\
             \x20       state:\n\
             \x20         $ref: \"#/components/schemas/State{i}\"\n\
             \x20       count:\n\
             \x20         type: integer\n\
             \x20         format: int64\n\
             \x20         description: How many.\n\
             \x20       note:\n\
             \x20         type: string\n\
             \x20         nullable: true\n\
             \x20         description: A remark, if any.\n"
        );
    }
    out
}

/// The smallest number of operations whose spec is at least `bytes` long.
pub fn operations_for_size(bytes: usize) -> usize {
    // Every operation adds text, so the length grows with the count: bisect.
    // An operation takes well over 256 bytes, which bounds the search.
    let (mut low, mut high) = (0, bytes / 256 + 1);
    while low < high {
        let middle = low + (high - low) / 2;
        if spec(middle).len() >= bytes {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn synthetic_specs_generate_and_grow_with_the_operation_count() {
        let files = codegen::generate_text(std::path::Path::new("specs/synthetic.yaml"), &spec(3))
            .unwrap_or_else(|error| panic!("{error}"))
            .files;
        let lib_rs = files
            .iter()
            .find(|file| file.path.ends_with("src/lib.rs"))
            .expect("lib.rs");
        for i in 0..3 {
            assert!(lib_rs.contents.contains(&format!("pub fn get_thing_{i}(")));
        }
        let size = operations_for_size(1 << 20);
        assert!(spec(size).len() >= 1 << 20);
        assert!(spec(size - 1).len() < 1 << 20);
    }
}
