// Share targets for an advocate's link: each opens the channel with the edited message and the
// link tagged with the channel (?c=), so clicks are counted per channel.

export interface ShareTarget {
  channel: string;
  label: string;
  href: string;
}

export function taggedLink(link: string, channel: string): string {
  const url = new URL(link);
  url.searchParams.set("c", channel);
  return url.toString();
}

// `message` is the advocate's text; the channel's tagged link replaces the plain link where the
// message has it, and is added after it otherwise.
export function shareTargets(link: string, message: string, programName: string): ShareTarget[] {
  const enc = encodeURIComponent;
  const text = (channel: string) => {
    const tagged = taggedLink(link, channel);
    const trimmed = message.trim();
    return trimmed.includes(link) ? trimmed.split(link).join(tagged) : `${trimmed} ${tagged}`;
  };
  const withoutLink = message.trim().split(link).join("").trim();
  return [
    { channel: "email", label: "Email", href: `mailto:?subject=${enc(programName)}&body=${enc(text("email"))}` },
    {
      channel: "linkedin",
      label: "LinkedIn",
      href: `https://www.linkedin.com/sharing/share-offsite/?url=${enc(taggedLink(link, "linkedin"))}`,
    },
    {
      channel: "x",
      label: "X",
      href: `https://x.com/intent/post?text=${enc(withoutLink)}&url=${enc(taggedLink(link, "x"))}`,
    },
    {
      channel: "facebook",
      label: "Facebook",
      href: `https://www.facebook.com/sharer/sharer.php?u=${enc(taggedLink(link, "facebook"))}`,
    },
    { channel: "whatsapp", label: "WhatsApp", href: `https://wa.me/?text=${enc(text("whatsapp"))}` },
    { channel: "sms", label: "SMS", href: `sms:?&body=${enc(text("sms"))}` },
  ];
}
