//! Bytes and headers to text: the charset from the Content-Type header, else a BOM, else a
//! `<meta>` declaration, else a guess; GBK pages decode as GB18030.
