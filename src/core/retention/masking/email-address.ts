/** E-mail addresses (letters beyond ASCII allowed, as in ola.nordmann@døgnvill.no). */
export const EMAIL_ADDRESS_PATTERN = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
