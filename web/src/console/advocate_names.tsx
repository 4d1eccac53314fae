// Advocates named by their id on a page that lists several (a referral's credit shares and
// rewards): each one's name read once (GET /api/v1/advocates/{id}), linked to their page; an
// advocate the console cannot read (a sales rep's colleague's) keeps its id.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { personName } from "../format";
import type { Advocate } from "../models";

export type AdvocateNames = Map<string, string | null>; // null: not readable

export function useAdvocateNames(ids: string[]): AdvocateNames {
  const [names, setNames] = useState<AdvocateNames>(new Map());
  const key = [...new Set(ids)].sort().join(" ");
  useEffect(() => {
    let live = true;
    const missing = key ? key.split(" ").filter((id) => !names.has(id)) : [];
    Promise.all(
      missing.map((id) =>
        get<Advocate>(`/api/v1/advocates/${encodeURIComponent(id)}`).then(
          (a) => [id, personName(a)] as const,
          () => [id, null] as const,
        ),
      ),
    ).then((found) => {
      if (live && found.length > 0) setNames((old) => new Map([...old, ...found]));
    });
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

export function AdvocateName({ id, names }: { id: string; names: AdvocateNames }) {
  const name = names.get(id);
  return name ? <a href={`/console/advocates/${id}`}>{name}</a> : <>{id}</>;
}
