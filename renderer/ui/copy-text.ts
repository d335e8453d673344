/**
 * Put text on the clipboard. The async Clipboard API needs a secure context and the
 * page's focus; where it is refused (an unfocused test browser, a plain-http host name),
 * the older copy command on a hidden textarea still works.
 */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch (error) {
    console.warn('the Clipboard API refused; copying with execCommand instead', error);
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('the browser refused to copy to the clipboard');
}
