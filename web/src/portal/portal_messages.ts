// The program's wording of what the portal says (`messages` of GET /api/v1/portal/me), handed down
// from where the portal loads it to the cards that show where things stand; empty until it has
// loaded (or outside the portal), when portal_words falls back on the English defaults.
import { createContext } from "preact";
import { useContext } from "preact/hooks";
import type { PortalMessages } from "./portal_words";

export const PortalMessagesContext = createContext<PortalMessages>({});

export function usePortalMessages(): PortalMessages {
  return useContext(PortalMessagesContext);
}
