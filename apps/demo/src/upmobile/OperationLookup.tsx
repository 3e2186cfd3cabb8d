import type { Operation, UpmobileClient } from "@contracts/upmobile";
import { type FormEvent, useState } from "react";
import { type ApiContext, describeStatus, describeThrown } from "../shared/api-errors";
import { controlProps, Field } from "../shared/ui";
import { OperationCard } from "./OperationCard";

type Lookup =
  | { status: "idle" }
  | { status: "loading" }
  | { status: "ok"; operation: Operation }
  | { status: "error"; message: string };

/** Any operation by id (`GetOperation`). */
export function OperationLookup({ client, context }: { client: UpmobileClient; context: ApiContext }) {
  const [id, setId] = useState("");
  const [lookup, setLookup] = useState<Lookup>({ status: "idle" });
  const errors = lookup.status === "error" ? [lookup.message] : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setLookup({ status: "loading" });
    try {
      const { data, error, response } = await client.GET("/operations/{id}", { params: { path: { id: id.trim() } } });
      if (data) setLookup({ status: "ok", operation: data.data });
      else if (response.status === 404)
        setLookup({ status: "error", message: `No operation has the id ${id.trim()} (HTTP 404).` });
      else setLookup({ status: "error", message: describeStatus(response.status, error, context) });
    } catch (error) {
      setLookup({ status: "error", message: describeThrown(error, context) ?? "The look-up was cancelled." });
    }
  };

  return (
    <section aria-labelledby="lookup-heading" className="card">
      <h3 id="lookup-heading">Look up an operation</h3>
      <form onSubmit={submit} className="inline-form" aria-label="Look up an operation">
        <Field id="operation-id" label="Operation id" errors={errors}>
          <input
            {...controlProps("operation-id", errors)}
            value={id}
            onChange={(e) => setId(e.target.value)}
            placeholder="123e4567-e89b-42d3-a456-426614174000"
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        <button type="submit" disabled={lookup.status === "loading"}>
          Look up
        </button>
      </form>
      {lookup.status === "ok" ? <OperationCard operation={lookup.operation} /> : null}
    </section>
  );
}
