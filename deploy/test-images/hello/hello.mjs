// Prints one line built from its environment, so a test can tell this run's output from any other.
const name = process.env.HELLO_NAME;
if (!name) {
  console.error("HELLO_NAME is not set");
  process.exit(2);
}
console.log(`hello from the derpmanagement test image: ${name} (node ${process.version})`);
