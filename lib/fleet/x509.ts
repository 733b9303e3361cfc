// The one way into @peculiar/x509: the shim must be evaluated before the library loads (see the shim's comment).
import "./reflect-metadata-shim";

export * from "@peculiar/x509";
