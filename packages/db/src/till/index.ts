// Tills (DESIGN.md §8): create, claim, bind a device key. Filled in by issue 17's till work.
export {};
